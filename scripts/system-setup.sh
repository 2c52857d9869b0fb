# Sourced by dev.sh: Debian packages (fonts-noto-cjk, libharfbuzz-subset0, LibreOffice…)
# and the Fandol fonts, installed only when missing. Functions: apt_install, fandol_fonts.
# fonts-hanazono (HanaMinA/B, SIL OFL: CJK Extensions B–F in full) and fonts-babelstone-han
# (part of Extensions G and H) draw the rare ideographs of personal names that Noto CJK lacks;
# fonts-noto-color-emoji draws the emoji notices use. Each is a fallback after the theme's fonts.
RUNTIME_PKGS=(fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-bkai00mp fonts-hanazono fonts-babelstone-han fonts-noto-color-emoji
              libharfbuzz-subset0 fontconfig libpango-1.0-0 libpangoft2-1.0-0)
# LibreOffice and its Python bridge fill the booklet DOCX's contents (目录) with page numbers
DOCX_PKGS=(libreoffice-writer-nogui python3-uno)
TEST_PKGS=(poppler-utils pandoc qpdf "${DOCX_PKGS[@]}" chromium chromium-driver zbar-tools)
FONT_DIR=/usr/local/share/fonts/fandol
[ "$(id -u)" -eq 0 ] || FONT_DIR="$HOME/.local/share/fonts/fandol"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

fandol_fonts() {
  # FandolFang is the only open Simplified-Chinese 仿宋; Debian ships it inside
  # texlive-lang-chinese. Extract the .otf files without installing TeX.
  [ -f "$FONT_DIR/FandolFang-Regular.otf" ] && return 0
  say "extracting Fandol fonts (仿宋/宋/黑/楷) into $FONT_DIR"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null 2>&1) || {
    [ $apt_updated -eq 1 ] || { apt-get update -qq || true; apt_updated=1; }
    (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null 2>&1)
  }
  dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  mkdir -p "$FONT_DIR"
  cp "$tmp"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Song,Hei,Kai}-*.otf "$FONT_DIR/"
  rm -rf "$tmp"
  fc-cache -f "$FONT_DIR" >/dev/null 2>&1 || true
}

