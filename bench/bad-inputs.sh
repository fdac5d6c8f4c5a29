#!/usr/bin/env bash
# Time and peak memory of `validate` on each bad input of issue 2 (goal: < 1 s and < 200 MB each).
# Usage: bash bench/bad-inputs.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$PWD/target/release/cyberkompass"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
: > empty.yaml
printf 'id: x\ntitle: {de: Gr\xfc\xdfe}\n' > latin1.yaml
printf "id: 'unclosed\nnumber: 1\n" > syntax.yaml
printf -- '- id: x\n- number: 1\n' > list.yaml
printf 'id: a\nnumber: 1\nid: b\n' > duplicate.yaml
python3 - <<'PY'
lines = ['id: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
for i in range(1, 10):
    lines.append(f'x{i}: &a{i} [' + ', '.join([f'*a{i-1}'] * 9) + ']')
open('alias-bomb.yaml', 'w').write('\n'.join(lines) + '\n')
open('nesting-100000.yaml', 'w').write('id: x\nnumber: 1\ntitle: ' + '[' * 100000 + ']' * 100000 + '\n')
with open('big-50mb.yaml', 'w') as f:
    f.write('id: x\nnumber: 1\ntitle: {de: "' + 'x' * (50 * 1024 * 1024) + '"}\n')
PY
mkdir no-manifest
ln -s loop-b.yaml loop-a.yaml; ln -s loop-a.yaml loop-b.yaml
printf '%-22s %5s %8s %10s\n' input exit seconds peak-KB
for f in empty.yaml latin1.yaml syntax.yaml list.yaml duplicate.yaml alias-bomb.yaml nesting-100000.yaml big-50mb.yaml no-manifest loop-a.yaml; do
  /usr/bin/time -o t.txt -f '%e %M' "$bin" validate --format json "$f" > /dev/null 2>&1 && code=0 || code=$?
  read -r secs kb < <(tail -n 1 t.txt)
  printf '%-22s %5s %8s %10s\n' "$f" "$code" "$secs" "$kb"
done
