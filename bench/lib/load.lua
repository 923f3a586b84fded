-- The wrk script of bench/run.sh. The request comes from environment variables, so one script serves every case:
--   BENCH_METHOD (POST), BENCH_BODY, BENCH_HEADERS ("Name: value" lines)
--   BENCH_TOKENS   file of tokens, one a line: each request uses the next one in turn ({token} in body/headers)
--   BENCH_REFRESH  file of refresh tokens, one a line, one chain each: a request takes a token from the thread's
--                  pool and the 200 answer's new refresh token goes back in (a rotated token is never sent again)
--   BENCH_BODY_ALT a second body, every other request (two tools in turn)
--   BENCH_THREADS  the -t value (the refresh chains are split between the threads)
--   BENCH_REQUESTS each thread stops after its share of this many answers (wrk itself still waits for -d:
--                  run.sh interrupts it once its threads have stopped); unset: run for -d
-- done() prints one line: RESULT requests seconds rps p50_ms p99_ms errors non2xx timeouts 5xx
-- (requests: answers received; errors: non-2xx answers + 200s reporting an error (isError, a JSON-RPC error) +
-- connection errors + timeouts)
local method = os.getenv("BENCH_METHOD") or "POST"
local body = os.getenv("BENCH_BODY") or ""
local body_alt = os.getenv("BENCH_BODY_ALT")
local tokens_file = os.getenv("BENCH_TOKENS")
local refresh_file = os.getenv("BENCH_REFRESH")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local limit = tonumber(os.getenv("BENCH_REQUESTS") or "0")

local headers = {}
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
	local name, value = line:match("^([^:]+):%s*(.*)$")
	if name then headers[name] = value end
end

wrk.method = method
wrk.body = body
for name, value in pairs(headers) do wrk.headers[name] = value end

local all_threads = {}
function setup(thread)
	thread:set("id", #all_threads)
	table.insert(all_threads, thread)
end

local function read_lines(file)
	local list = {}
	for line in io.lines(file) do
		if line ~= "" then list[#list + 1] = line end
	end
	return list
end

local pool = {}
local turn = 0
local answers = 0
server_errors = 0
failed_answers = 0

function init(args)
	if tokens_file then
		pool = read_lines(tokens_file)
		turn = id
	elseif refresh_file then
		for i, token in ipairs(read_lines(refresh_file)) do
			if (i - 1) % threads == id then pool[#pool + 1] = token end
		end
	end
end

local function with_token(text, token)
	return (text:gsub("{token}", function() return token end))
end

local function build(token, text)
	local h = {}
	for name, value in pairs(headers) do h[name] = with_token(value, token) end
	return wrk.format(method, nil, h, with_token(text, token))
end

if tokens_file or refresh_file or body_alt then
	function request()
		turn = turn + 1
		local text = body
		if body_alt and turn % 2 == 0 then text = body_alt end
		if refresh_file then
			-- an empty pool means chains were broken by failed refreshes: the request fails visibly
			return build(table.remove(pool, 1) or "pool-exhausted", text)
		end
		if tokens_file then return build(pool[(turn % #pool) + 1], text) end
		return wrk.format(method, nil, nil, text)
	end
end

function response(status, response_headers, response_body)
	if status >= 500 then server_errors = server_errors + 1 end
	-- a 200 that reports a failure (a tool result with isError, a JSON-RPC error) is no answer served
	if status == 200 and response_body and (response_body:find('"isError":true', 1, true)
			or response_body:find('"jsonrpc":"2.0","error":', 1, true) or response_body:find('"error":{"code"', 1, true)) then
		failed_answers = failed_answers + 1
	end
	if refresh_file and status == 200 then
		local token = response_body:match('"refresh_token"%s*:%s*"([^"]+)"')
		if token then pool[#pool + 1] = token end
	end
	answers = answers + 1
	if limit > 0 and answers >= limit / threads then wrk.thread:stop() end
end

-- wrk records no latency above its --timeout, nor of requests unanswered when the run ends: a percentile of 0
-- means every request took longer than that (-1)
local function percentile_ms(latency, p)
	local value = latency:percentile(p)
	if value == 0 then return -1 end
	return value / 1000
end

function done(summary, latency, requests)
	local e = summary.errors
	local seconds = summary.duration / 1e6
	local fives = 0
	local failed = 0
	for _, thread in ipairs(all_threads) do
		fives = fives + (thread:get("server_errors") or 0)
		failed = failed + (thread:get("failed_answers") or 0)
	end
	io.write(string.format("RESULT %d %.3f %.1f %.2f %.2f %d %d %d %d\n", summary.requests, seconds,
		summary.requests / seconds, percentile_ms(latency, 50), percentile_ms(latency, 99),
		e.connect + e.read + e.write + e.status + e.timeout + failed, e.status, e.timeout, fives))
end
