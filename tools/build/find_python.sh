#!/bin/sh
# Print the path of a Python 3.12 or newer for the book's .venv, or say in one line what to
# install. Tried in order: $PYTHON, python3.13, python3.12, python3, pyenv's installed
# versions, then Pythons that uv manages (uv downloads one where the network allows).
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }
for candidate in ${PYTHON:-} python3.13 python3.12 python3; do
  path=$(command -v "$candidate" 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | sort -rV); do
    path="$(pyenv root)/versions/$version/bin/python3"
    ok "$path" && { echo "$path"; exit 0; }
  done
fi
if command -v uv >/dev/null 2>&1; then
  path=$(uv python find '>=3.12' 2>/dev/null || { uv python install 3.13 >/dev/null 2>&1 && uv python find '>=3.12'; })
  [ -n "$path" ] && ok "$path" && { echo "$path"; exit 0; }
fi
echo "The book needs Python 3.12 or newer: install one (python3.13 from your package manager, python.org, 'pyenv install 3.13' or 'uv python install 3.13'), then run make again (or make PYTHON=/path/to/python3.13 ...)." >&2
exit 1
