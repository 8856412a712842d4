-- migrate: `keys migrate`: move one showtime's keys from one key style to the other (seed
-- `seat_lock:24:A1` <-> cluster `seat_lock:{24}:A1`), all of them or none, in one script. On a
-- standalone Redis only: on a Cluster the seed style's keys of one showtime sit in different
-- slots, and no script can name them all (the caller refuses a cluster before it gets here).
--
-- Keys move by RENAME: the value byte for byte (the values name no key, so they are the same in
-- both styles) and the expiry to the millisecond, whatever the key's type.
--
-- KEYS[1] reserved_seats_ (from)    KEYS[2] reserved_seats_ (to)
-- KEYS[3] available_seats_ (from)   KEYS[4] available_seats_ (to)
-- KEYS[3+2i], KEYS[4+2i]  seat_lock (from, to) of seat ARGV[2+i], i = 1..ARGV[2]
-- KEYS[3+2(n+j)], KEYS[4+2(n+j)]  seat_reservation_ (from, to) of user ARGV[2+n+j]
-- ARGV[1] 'move', or 'check' for a dry run (nothing is written)
-- ARGV[2] n, the number of seats; ARGV[2+i] seat ids, then user ids
--
-- The caller names every seat and user it found in either style (SCAN), every holder of a lock
-- and every seat a reservation or the index lists. A lock naming a user, or a reservation or
-- index listing a seat, that is not among them was written after the caller looked: the
-- showtime changed meanwhile, nothing is written, and the caller looks again.
--
-- Returns {'ok', now_ms, from, to, pttl, ...} for every key moved (or, checking, that would
-- move); `to` '' for a free-seat cache dropped because the other style has a fresher one; pttl
-- -1 for a key without expiry
--       | {'both', now_ms, key, ...}: both styles hold seats of the showtime (the keys found
--         in the destination style); nothing written
--       | {'stale', now_ms, what}: the showtime changed after the caller looked (what: the
--         user or seat not named); nothing written.
local mode = ARGV[1]
local n = tonumber(ARGV[2])
local m = #ARGV - 2 - n
local now = now_ms()

local seats, users = {}, {}
for i = 1, n do seats[ARGV[2 + i]] = true end
for j = 1, m do users[ARGV[2 + n + j]] = true end

-- A lock value that is a user id, as reindex.lua judges one.
local function user_id(v)
  return v and #v <= 64 and string.find(v, '^[%w][%w%.@%-]*$') ~= nil
end

local function exists(key)
  return redis.call('EXISTS', key) == 1
end

-- Phase 1: decide. Every check happens before the first write.
local moves = {}
local src_holds, dst_found = false, {}
local function pair(from, to)
  if exists(to) then dst_found[#dst_found + 1] = to end
  if exists(from) then
    src_holds = true
    moves[#moves + 1] = {from, to}
  end
end

pair(KEYS[1], KEYS[2])
for i = 1, n + m do pair(KEYS[3 + 2 * i], KEYS[4 + 2 * i]) end

-- Everything the source lists must be among the keys named.
for i = 1, n do
  local v = read(KEYS[3 + 2 * i])
  if user_id(v) and not users[v] then return {'stale', now, v} end
end
-- The first seat of `list` (a table of seat ids, or nil) that is not named, or nil.
local function unnamed(list)
  if type(list) ~= 'table' then return nil end
  for _, s in ipairs(list) do
    -- Only a seat id the caller can name (canonical: `A1`, `BC12`) counts.
    if type(s) == 'string' and string.find(s, '^%u%u?[1-9]%d?%d?$') and not seats[s] then
      return s
    end
  end
  return nil
end
local missing = unnamed(decode_array(read(KEYS[1])))
if missing then return {'stale', now, missing} end
for j = 1, m do
  local raw = read(KEYS[3 + 2 * (n + j)])
  if raw then
    local ok, obj = pcall(cjson.decode, raw)
    missing = ok and type(obj) == 'table' and unnamed(obj.seat_ids)
    if missing then return {'stale', now, missing} end
  end
end

if src_holds and #dst_found > 0 then
  local out = {'both', now}
  for _, k in ipairs(dst_found) do out[#out + 1] = k end
  return out
end

-- The free-seat cache: the source's moves with the holds (it knows of them), replacing the
-- destination's; without holds to move, a destination cache is the fresher one and the
-- source's is dropped.
local cache_from, cache_to = KEYS[3], KEYS[4]
local drop_cache = false
if exists(cache_from) then
  if src_holds or not exists(cache_to) then
    moves[#moves + 1] = {cache_from, cache_to}
  else
    drop_cache = true
  end
end

-- Phase 2: write (or, checking, only tell).
local out = {'ok', now}
for _, mv in ipairs(moves) do
  out[#out + 1] = mv[1]
  out[#out + 1] = mv[2]
  out[#out + 1] = redis.call('PTTL', mv[1])
end
if drop_cache then
  out[#out + 1] = cache_from
  out[#out + 1] = ''
  out[#out + 1] = redis.call('PTTL', cache_from)
end
if mode ~= 'move' then return out end
for _, mv in ipairs(moves) do
  redis.call('RENAME', mv[1], mv[2])
end
if drop_cache then redis.call('DEL', cache_from) end
return out
