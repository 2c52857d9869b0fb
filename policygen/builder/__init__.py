"""The build: plan what to make (policies, booklet, role views), render the parts, write the outputs."""
