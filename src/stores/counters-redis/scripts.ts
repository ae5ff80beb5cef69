/**
 * Lua scripts of the Redis counter store, one round trip each. Every key a script touches shares
 * the partition's hash tag (`prefix{partition}:...`), so the scripts also run on Redis Cluster;
 * the sweep reads bucket keys from a reservation record, which carry the same tag.
 *
 * Money is stored in nanodollars with HINCRBY (exact signed 64-bit integers, up to $9.2 billion
 * per counter) and passed to commands as decimal strings only. Lua numbers are doubles (exact to
 * 2^53, $9M in nano), so the admission comparison never converts a whole counter: `fits` splits
 * each decimal string into a high part (all but the last 9 digits) and a low part (the last 9),
 * both far below 2^53, and compares `limit - spent - reserved - amount` from those parts exactly.
 *
 * Bucket hash fields: sp/rp spent/reserved nUSD, st/rt spent/reserved tokens, n open reservations.
 * Reservation hash: state (held|settled|released|expired), amount, tokens, buckets (newline-joined keys).
 * An expired reservation is charged as spent in full; a late settle or release corrects the charge
 * (its record is kept for the retention argument, one hour; settled and released ones for a minute).
 */
const helpers = `
-- A settled or released record only has to outlive a retried settle; an expired one is kept
-- longer (the retention argument) so a late settle can still correct its expiry charge.
local FINAL_MS = 60000
local function neg(value) if value == '0' then return '0' end return '-' .. value end
local function unreserve(resKey, buckets, amount, tokens)
  for bucket in string.gmatch(buckets, '[^\\n]+') do
    redis.call('HINCRBY', bucket, 'rp', neg(amount))
    redis.call('HINCRBY', bucket, 'rt', neg(tokens))
    redis.call('HINCRBY', bucket, 'n', -1)
  end
end
-- Charges an expired reservation as spent (or, with negated amounts, takes the charge back).
local function charge(buckets, amount, tokens)
  for bucket in string.gmatch(buckets, '[^\\n]+') do
    redis.call('HINCRBY', bucket, 'sp', amount)
    redis.call('HINCRBY', bucket, 'st', tokens)
  end
end
local function sweep(expKey, resPrefix, now, retention, most)
  local ids = redis.call('ZRANGEBYSCORE', expKey, '-inf', now, 'LIMIT', 0, most)
  for _, id in ipairs(ids) do
    local resKey = resPrefix .. id
    local data = redis.call('HMGET', resKey, 'state', 'amount', 'tokens', 'buckets')
    if data[1] == 'held' then
      unreserve(resKey, data[4], data[2], data[3])
      charge(data[4], data[2], data[3])
      redis.call('HSET', resKey, 'state', 'expired')
      redis.call('PEXPIRE', resKey, retention)
    end
    redis.call('ZREM', expKey, id)
  end
  return #ids
end
-- A decimal integer string as (high, low): value = high * 1e9 + low, both exact in a double.
local function parts(value)
  value = value or '0'
  local sign = 1
  if string.sub(value, 1, 1) == '-' then sign = -1; value = string.sub(value, 2) end
  local length = #value
  if length <= 9 then return 0, sign * tonumber(value) end
  return sign * tonumber(string.sub(value, 1, length - 9)), sign * tonumber(string.sub(value, length - 8))
end
-- limit - spent - reserved >= amount, exactly, for any 64-bit decimal strings.
local function fits(limit, spent, reserved, amount)
  local lh, ll = parts(limit)
  local sh, sl = parts(spent)
  local rh, rl = parts(reserved)
  local ah, al = parts(amount)
  local high = lh - sh - rh - ah
  local low = ll - sl - rl - al
  -- Carry the low part into [0, 1e9): the sign of the whole is then the sign of high.
  return high + math.floor(low / 1e9) >= 0
end
local function touch(key, ttl) if ttl ~= '' then redis.call('PEXPIRE', key, ttl) end end
`;

/** KEYS: exp, reservation, buckets... ARGV: now, expiresAt, amount (nUSD), tokens, id, resPrefix, retention, then per bucket limit (whole nUSD, rounded down), limitTokens, ttl ('' = none). */
export const reserveScript = `${helpers}
local now = tonumber(ARGV[1])
sweep(KEYS[1], ARGV[6], now, ARGV[7], 200)
local tokens = tonumber(ARGV[4])
local count = #KEYS - 2
for i = 1, count do
  local b = redis.call('HMGET', KEYS[i + 2], 'sp', 'rp', 'st', 'rt')
  local base = 8 + (i - 1) * 3
  local limitNano, limitTokens = ARGV[base], ARGV[base + 1]
  if limitNano ~= '' and not fits(limitNano, b[1], b[2], ARGV[3]) then
    return {0, i, 'money', b[1] or '0', b[2] or '0', b[3] or '0', b[4] or '0'}
  end
  if limitTokens ~= '' and tonumber(limitTokens) - tonumber(b[3] or '0') - tonumber(b[4] or '0') < tokens then
    return {0, i, 'tokens', b[1] or '0', b[2] or '0', b[3] or '0', b[4] or '0'}
  end
end
local keys = {}
local reply = {1}
for i = 1, count do
  local key = KEYS[i + 2]
  keys[i] = key
  redis.call('HINCRBY', key, 'rp', ARGV[3])
  redis.call('HINCRBY', key, 'rt', ARGV[4])
  redis.call('HINCRBY', key, 'n', 1)
  touch(key, ARGV[8 + (i - 1) * 3 + 2])
  local b = redis.call('HMGET', key, 'sp', 'rp', 'st', 'rt')
  for j = 1, 4 do reply[#reply + 1] = b[j] or '0' end
end
redis.call('HSET', KEYS[2], 'state', 'held', 'amount', ARGV[3], 'tokens', ARGV[4], 'buckets', table.concat(keys, '\\n'))
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[5])
return reply
`;

/** KEYS: exp, reservation, buckets... ARGV: now, actualAmount, actualTokens, id, resPrefix, retention, then per bucket ttl. */
export const settleScript = `${helpers}
sweep(KEYS[1], ARGV[5], tonumber(ARGV[1]), ARGV[6], 200)
local data = redis.call('HMGET', KEYS[2], 'state', 'amount', 'tokens', 'buckets')
if data[1] == 'settled' or data[1] == 'released' then return 'already-final' end
local outcome = 'settled-after-expiry'
if data[1] == 'held' then
  unreserve(KEYS[2], data[4], data[2], data[3])
  redis.call('ZREM', KEYS[1], ARGV[4])
  outcome = 'settled'
elseif data[1] == 'expired' then
  charge(data[4], neg(data[2]), neg(data[3]))
end
for i = 3, #KEYS do
  redis.call('HINCRBY', KEYS[i], 'sp', ARGV[2])
  redis.call('HINCRBY', KEYS[i], 'st', ARGV[3])
  touch(KEYS[i], ARGV[7 + i - 3])
end
redis.call('HSET', KEYS[2], 'state', 'settled')
redis.call('PEXPIRE', KEYS[2], FINAL_MS)
return outcome
`;

/** KEYS: exp, reservation. ARGV: now, id, resPrefix, retention. */
export const releaseScript = `${helpers}
sweep(KEYS[1], ARGV[3], tonumber(ARGV[1]), ARGV[4], 200)
local data = redis.call('HMGET', KEYS[2], 'state', 'amount', 'tokens', 'buckets')
if data[1] == 'settled' or data[1] == 'released' then return 'already-final' end
if data[1] == 'expired' then
  charge(data[4], neg(data[2]), neg(data[3]))
  redis.call('HSET', KEYS[2], 'state', 'released')
  redis.call('PEXPIRE', KEYS[2], FINAL_MS)
  return 'refunded-after-expiry'
end
if data[1] ~= 'held' then return 'already-final' end
unreserve(KEYS[2], data[4], data[2], data[3])
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], 'state', 'released')
redis.call('PEXPIRE', KEYS[2], FINAL_MS)
return 'released'
`;

/** KEYS: exp. ARGV: now, resPrefix, retention. */
export const sweepScript = `${helpers}
return sweep(KEYS[1], ARGV[2], tonumber(ARGV[1]), ARGV[3], 10000)
`;

/** GCRA over every key at once. KEYS: rate keys. ARGV: now, force, then per key limit, periodMs, cost. */
export const rateScript = `
local now = tonumber(ARGV[1])
local force = ARGV[2] == '1'
local worst = nil
local next = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[3 * i])
  local period = tonumber(ARGV[3 * i + 1])
  local cost = tonumber(ARGV[3 * i + 2])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  local newTat = tat + cost * period / limit
  local over = newTat - now - period
  if over > 0 then
    local impossible = 0
    local retry = math.ceil(over)
    if cost > limit then impossible = 1; retry = period end
    if worst == nil or retry > worst[3] then worst = {0, i, retry, impossible} end
  end
  next[i] = newTat
end
if worst == nil or force then
  for i = 1, #KEYS do
    redis.call('SET', KEYS[i], string.format('%.3f', next[i]), 'PX', math.ceil(next[i] - now) + 1000)
  end
end
if worst == nil then return {1} end
return worst
`;
