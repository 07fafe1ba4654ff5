#!/usr/bin/env bash
# tests/run/httpd.sh BIN - the httpd example against curl: files, 404s,
# listings, index.html, redirects, a large file, HEAD, keep-alive,
# concurrent clients, paths that try to escape the root, and a clean stop
# on SIGTERM.
suite=httpd
BL_PORT_BASE=22100
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: httpd.sh BIN}
command -v curl >/dev/null || { echo "FAIL: curl is missing (apt-get install curl)"; finish; exit 1; }

root=$tmp/root
mkdir -p "$root/sub" "$root/empty dir"
printf 'hello, world\n' > "$root/hello.txt"
printf '<p>index</p>\n' > "$root/sub/page.html"
mkdir -p "$root/site" "$root/odd/index.html"
printf '<h1>home</h1>\n' > "$root/site/index.html"
printf 'amp\n' > "$root/a&b <c>.txt"
head -c 5000000 /dev/urandom > "$root/big.bin"
printf 'TOP SECRET\n' > "$tmp/outside.txt"
ln -s ../outside.txt "$root/link-out"
ln -s hello.txt "$root/link-in"

start_server port "$bin" "$root" "{PORT}" || { finish; exit 1; }
url=http://127.0.0.1:$port

# get PATH [curl args...]: body to $tmp/body, status code on stdout.
get() {
    local path=$1
    shift
    curl -s --max-time 10 -o "$tmp/body" -w '%{http_code}' "$@" "$url$path"
}

check "file: status" test "$(get /hello.txt)" = 200
check "file: body" cmp -s "$tmp/body" "$root/hello.txt"
check "file: type" sh -c "curl -sI --max-time 5 $url/hello.txt | grep -qi '^Content-Type: text/plain'"
check "html file" test "$(get /sub/page.html)" = 200
check "missing: 404" test "$(get /nope.txt)" = 404
check "missing under a file: 404" test "$(get /hello.txt/x)" = 404
check "listing: status" test "$(get /)" = 200
check "listing: names" grep -q 'href="hello.txt"' "$tmp/body"
check "listing: subdirectory" grep -q 'href="sub/"' "$tmp/body"
check "listing: escaped html" grep -qF 'a&amp;b &lt;c&gt;.txt' "$tmp/body"
check "listing: encoded link" grep -qF 'href="a&b%20%3Cc%3E.txt"' "$tmp/body"
check "listing: space in name" test "$(get '/empty%20dir/')" = 200
check "index.html: status" test "$(get /site/)" = 200
check "index.html: body" cmp -s "$tmp/body" "$root/site/index.html"
check "index.html: type" sh -c "curl -sI --max-time 5 $url/site/ | grep -qi '^Content-Type: text/html'"
check "index.html: redirect first" test "$(get /site)" = 301
check "index.html a directory: listed" sh -c "test \"\$(curl -s --max-time 5 -o '$tmp/body' -w '%{http_code}' $url/odd/)\" = 200 && grep -q 'href=\"index.html/\"' '$tmp/body'"
check "directory redirect: 301" test "$(get /sub)" = 301
check "directory redirect: location" sh -c "curl -sI --max-time 5 $url/sub | grep -qi '^Location: /sub/'"
check "large file: status" test "$(get /big.bin)" = 200
check "large file: bytes" cmp -s "$tmp/body" "$root/big.bin"
check "symlink inside root" test "$(get /link-in)" = 200

# Escapes: never 200, never the secret.
for path in /../outside.txt /sub/../../outside.txt /%2e%2e/outside.txt \
            /%2E%2E%2Foutside.txt /link-out /..%2f..%2f..%2fetc/passwd; do
    code=$(get "$path" --path-as-is)
    check "escape $path: refused ($code)" test "$code" != 200
    check "escape $path: no secret" sh -c "! grep -q 'SECRET\|root:' '$tmp/body'"
done
check "encoded NUL refused" test "$(get /hello.txt%00.html)" = 400

check "HEAD: status" test "$(get /hello.txt -I)" = 200
check "HEAD: no body" sh -c "curl -s --max-time 5 -I $url/big.bin | grep -qi '^Content-Length: 5000000'"
connects=$(curl -s --max-time 10 -o /dev/null -o /dev/null -w '%{num_connects} ' \
                "$url/hello.txt" "$url/sub/page.html")
check "keep-alive: one connection for two requests ($connects)" test "$connects" = "1 0 "
check "HTTP/1.0 closes" sh -c "curl -s --max-time 5 -0 -D - -o /dev/null $url/hello.txt | grep -qi '^Connection: close'"

# A bad request line, raw.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'BOGUS\r\n\r\n' >&3
reply=$(timeout 5 head -n 1 <&3)
exec 3<&-
check "bad request: 400 (${reply%$'\r'})" test "${reply%$'\r'}" = "HTTP/1.1 400 Bad Request"

# Twenty clients at once, each checking every byte.
seq 1 20 | xargs -P 20 -I{} sh -c \
    "curl -s --max-time 20 $url/big.bin | cmp -s - '$root/big.bin' && echo ok" > "$tmp/many"
check "20 concurrent downloads" test "$(grep -c ok "$tmp/many")" = 20

stop_server "$server_pid"
status=$?
check "SIGTERM: exit 0 ($status)" test "$status" = 0
check "SIGTERM: says so" grep -q stopping "$tmp/server.log"
finish
