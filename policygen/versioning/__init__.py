"""Versions of a policy: bump, release archive, comparison (修订对照表) and tracked changes.

Import the module you need (this package imports nothing, so the CLI starts fast):

* ``versioning.diff.diff_policies`` → ``versioning.changes.ChangeSet`` (summary, JSON);
* ``versioning.comparison.render_comparison`` → the 修订对照表 as HTML, PDF or DOCX bytes;
* ``versioning.tracked.tracked_docx`` / ``render_tracked_docx`` → the new version with Word revisions;
* ``versioning.release.release`` → ``releases/<id>/<version>/`` with a manifest;
* ``versioning.bump.bump`` → a new version started in the YAML, comments kept;
* ``versioning.cli.register`` → the ``release``, ``diff`` and ``bump`` sub-commands.
"""
