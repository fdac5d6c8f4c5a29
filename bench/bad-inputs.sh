#!/usr/bin/env bash
# Time and peak memory of cyberkompass on hostile inputs (goal: < 1 s and < 200 MB each).
#   issue 2:  empty, not UTF-8, syntax, list, duplicate key, alias bomb, deep nesting, 50 MB,
#             folder without manifest, link loop (validate --format json)
#   issue 11: FIFO input, floods of findings (human, JSON, GitHub, GitLab; floor: a valid 4 MB file
#             without findings), an 8 MiB field with thousands of
#             findings, unknown keys in an 8 MiB field, a set listing one file 20,000 times, a
#             finding beside a 1 MB line
# Each run is stopped after 120 s (exit 124). Floors measured in the same run: `true` (process
# start) and the binary's `--version`.
# Usage: bash bench/bad-inputs.sh            (builds the release binary first)
#        BIN=/path/to/cyberkompass bash bench/bad-inputs.sh   (measure another build)
#        RUNS=7 bash bench/bad-inputs.sh     (then also: the 400,000 findings in each format and
#                                             the valid 4 MB file, RUNS rounds interleaved, median
#                                             time and its ratio to the valid file's median)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release -q
  BIN="$PWD/target/release/cyberkompass"
fi
bin="$BIN"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp tests/fixtures/sets/two-fields/*.yaml "$dir/" 2>/dev/null || true
mkdir "$dir/set" && cp tests/fixtures/sets/two-fields/*.yaml "$dir/set/"
cd "$dir"
: > empty.yaml
printf 'id: x\ntitle: {de: Gr\xfc\xdfe}\n' > latin1.yaml
printf "id: 'unclosed\nnumber: 1\n" > syntax.yaml
printf -- '- id: x\n- number: 1\n' > list.yaml
printf 'id: a\nnumber: 1\nid: b\n' > duplicate.yaml
python3 - <<'PY'
import os
lines = ['id: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
for i in range(1, 10):
    lines.append(f'x{i}: &a{i} [' + ', '.join([f'*a{i-1}'] * 9) + ']')
open('alias-bomb.yaml', 'w').write('\n'.join(lines) + '\n')
open('nesting-100000.yaml', 'w').write('id: x\nnumber: 1\ntitle: ' + '[' * 100000 + ']' * 100000 + '\n')
with open('big-50mb.yaml', 'w') as f:
    f.write('id: x\nnumber: 1\ntitle: {de: "' + 'x' * (50 * 1024 * 1024) + '"}\n')
head = 'id: flood\nnumber: 3\ntitle: {de: Flut, en: Flood}\ndescription: {de: D, en: D}\nquestions:\n'
def field(n, text='x'):
    return head + ''.join(f'  - id: bad{i}\n    text: {{de: {text}, en: {text}}}\n' for i in range(n))
open('findings-10000.yaml', 'w').write(field(10000))          # 10,000 findings, ~0.4 MB
open('findings-100000.yaml', 'w').write(field(100000))        # 100,000 findings, ~4 MB
open('findings-8mib.yaml', 'w').write(field(2900, 'y' * 1400))  # 2,900 findings, ~8 MB
# The same size without findings: the floor for the two above.
ok = head + ''.join(f'  - id: OK{chr(65 + i // 1000)}-{i % 1000:03d}\n    text: {{de: x, en: x}}\n' for i in range(10000))
open('ok-10000.yaml', 'w').write(ok)
# A valid file of 4 MB without any finding (complete questions): the floor for findings-100000.
def okid(i):
    return f'OK{chr(65 + i // 26000)}{chr(65 + i // 1000 % 26)}-{i % 1000:03d}'
clean, i = [head], 0
size = len(head)
while size < 4_188_000:
    q = (f'  - id: {okid(i)}\n    text: {{de: x, en: x}}\n    help: {{de: h, en: h}}\n'
         '    anchors: {1: {de: a, en: a}, 3: {de: b, en: b}, 5: {de: c, en: c}}\n'
         '    recommendation: {de: r, en: r}\n')
    clean.append(q); size += len(q); i += 1
open('clean-4mb.yaml', 'w').write(''.join(clean))
big = ('    ' + 'x' * 75 + '\n') * ((8 * 1024 * 1024 - 200_000) // 80)
unknown = 'id: u\nnumber: 3\ntitle: {de: U, en: U}\ndescription:\n  de: |\n' + big + '  en: D\n' + \
    ''.join(f'zz{i}: 1\n' for i in range(60)) + 'questions: []\n'
open('unknown-keys-8mib.yaml', 'w').write(unknown)
line = 'a' * (1024 * 1024)
open('long-line.yaml', 'w').write(f'id: x\nnumber: 1\ntitle: {{de: "{line}"}}\nnumber: 2\n')
os.makedirs('repeated', exist_ok=True)
m = open('set/set.yaml').read()
m = m[:m.index('fields:\n  - backup.yaml')] + 'fields:\n' + '  - backup.yaml\n' * 20000 + '  - warnings.yaml\n'
open('repeated/set.yaml', 'w').write(m)
for f in ['backup.yaml', 'warnings.yaml']:
    open(f'repeated/{f}', 'w').write(open(f'set/{f}').read())
PY
mkfifo fifo.yaml
mkdir no-manifest
ln -s loop-b.yaml loop-a.yaml; ln -s loop-a.yaml loop-b.yaml
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -o t.txt -f '%e %M' timeout 120 "$@" > /dev/null 2>&1 && code=0 || code=$?
  read -r secs kb < <(tail -n 1 t.txt)
  printf '%-40s %5s %8s %10s\n' "$label" "$code" "$secs" "$kb"
}
printf '%-40s %5s %8s %10s\n' input exit seconds peak-KB
measure "floor: true" true
measure "floor: --version" "$bin" --version
for f in empty.yaml latin1.yaml syntax.yaml list.yaml duplicate.yaml alias-bomb.yaml nesting-100000.yaml big-50mb.yaml no-manifest loop-a.yaml; do
  for fmt in json human github; do
    measure "$f ($fmt)" "$bin" validate --format $fmt "$f"
  done
done
measure "fifo.yaml (validate)" timeout 10 "$bin" validate fifo.yaml
measure "fifo.yaml (score)" timeout 10 "$bin" score fifo.yaml
measure "valid 10000 q (json)" "$bin" validate --format json ok-10000.yaml
measure "valid 4 MB, no finding (json)" "$bin" validate --format json clean-4mb.yaml
for f in findings-10000.yaml findings-100000.yaml findings-8mib.yaml; do
  measure "$f (json)" "$bin" validate --format json "$f"
  measure "$f (human)" "$bin" validate --format human "$f"
  measure "$f (github)" "$bin" validate --format github "$f"
  measure "$f (gitlab)" "$bin" validate --format gitlab "$f"
done
for fmt in json human github; do
  measure "unknown-keys-8mib.yaml ($fmt)" "$bin" validate --format $fmt unknown-keys-8mib.yaml
  measure "long-line.yaml ($fmt)" "$bin" validate --format $fmt long-line.yaml
  measure "set listing a file 20000x ($fmt)" "$bin" validate --format $fmt repeated
done
runs=${RUNS:-1}
if [ "$runs" -gt 1 ]; then
  echo
  echo "400,000 findings, $runs interleaved rounds: median seconds, ratio to the valid 4 MB file"
  cases=(floor json human github gitlab)
  for ((r = 0; r < runs; r++)); do
    for c in "${cases[@]}"; do
      if [ "$c" = floor ]; then args=(--format json clean-4mb.yaml); else args=(--format "$c" findings-100000.yaml); fi
      /usr/bin/time -o t.txt -f '%e' "$bin" validate "${args[@]}" > /dev/null 2>&1 || true
      tail -n 1 t.txt >> "runs-$c.txt"
    done
  done
  median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
  floor=$(median runs-floor.txt)
  for c in "${cases[@]}"; do
    m=$(median "runs-$c.txt")
    printf '%-40s %8s %8s\n' "$c" "$m" "$(awk -v m="$m" -v f="$floor" 'BEGIN {printf "%.2f", m / f}')"
  done
fi
