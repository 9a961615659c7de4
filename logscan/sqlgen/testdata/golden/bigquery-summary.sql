-- auth0audit log classification (design section 5) as SQL, rendered from logscan/rules.
-- Input: `my-project.auth0.logs`, one record per row (a raw event, a log-stream or EventBridge
-- envelope, a Splunk _raw result, a page with "logs", or a JSON array of these).
-- Output: one row per use case and client.
WITH
-- The records, each with its place in the input (ord) and the scan it belongs to (part).
src AS (
  SELECT '' AS part, 0 AS ord, CAST(s.raw AS STRING) AS raw FROM `my-project.auth0.logs` AS s
),
-- Records that may hold a relevant event (the rest are logins and other traffic),
-- without a leading byte-order mark.
candidates AS (
  SELECT part, ord, CASE WHEN STARTS_WITH(raw, CODE_POINTS_TO_STRING([65279])) THEN SUBSTR(raw, 2) ELSE raw END AS raw
  FROM src
  WHERE (STRPOS(raw, 'depnote') > 0)
    OR (STRPOS(raw, 'mgmt_api_read') > 0)
    OR (STRPOS(raw, 'feccft') > 0)
    OR (((STRPOS(raw, 'sapi') > 0) OR (STRPOS(raw, 'fapi') > 0))
    AND (((STRPOS(raw, 'v2') > 0) AND (STRPOS(raw, 'users') > 0) AND (STRPOS(raw, 'identities') > 0))
      OR ((STRPOS(raw, 'v2') > 0) AND (STRPOS(raw, 'users') > 0) AND (STRPOS(raw, 'identities') > 0))
      OR ((STRPOS(raw, 'v2') > 0) AND (STRPOS(raw, 'clients') > 0) AND (STRPOS(raw, 'rotate-secret') > 0))
      OR ((STRPOS(raw, 'v2') > 0) AND (STRPOS(raw, 'clients') > 0))
      OR (STRPOS(raw, '%') > 0)))
    OR (STRPOS(raw, '\\u') > 0)
),
-- The records that are valid JSON, without white space around them.
records AS (
  SELECT part, ord, trim(raw, ' ' || CODE_POINTS_TO_STRING([9]) || CODE_POINTS_TO_STRING([10]) || CODE_POINTS_TO_STRING([13])) AS j FROM candidates WHERE (SAFE.PARSE_JSON(raw, wide_number_mode => 'round') IS NOT NULL)
),
-- Objects: a record that is one, or each object element of a record that is an array.
objects AS (
  SELECT part, ord, 0 AS sub, j AS o FROM records WHERE STARTS_WITH(j, '{')
  UNION ALL
  SELECT part, ord, i AS sub, v AS o FROM (SELECT part, ord, i + 1 AS i, v
    FROM records CROSS JOIN UNNEST(JSON_QUERY_ARRAY(j)) AS v WITH OFFSET AS i
    WHERE STARTS_WITH(j, '[')) AS x WHERE STARTS_WITH(v, '{')
),
-- Envelope level 0: each object is an event, a batch, the envelope of the object in nxt, or nothing.
w0 AS (
  SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, 0 AS bat, o, CAST(NULL AS STRING) AS env FROM objects) AS x) AS y) AS z
),
-- Envelope level 1: each object is an event, a batch, the envelope of the object in nxt, or nothing.
w1 AS (
  SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, nxt AS o, env FROM w0 WHERE st = 'next') AS x) AS y) AS z
),
-- Envelope level 2: each object is an event, a batch, the envelope of the object in nxt, or nothing.
w2 AS (
  SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, nxt AS o, env FROM w1 WHERE st = 'next') AS x) AS y) AS z
),
-- Envelope level 3: each object is an event, a batch, the envelope of the object in nxt, or nothing.
-- No deeper than 4 envelopes.
w3 AS (
  SELECT part, ord, sub, bat, o, env, CASE WHEN st = 'next' THEN 'bad' ELSE st END AS st, nxt
  FROM (SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, nxt AS o, env FROM w2 WHERE st = 'next') AS x) AS y) AS z) AS y
),
-- Batches found at any level.
batches AS (
  SELECT part, ord, sub, o FROM w0 WHERE st = 'batch'
  UNION ALL
  SELECT part, ord, sub, o FROM w1 WHERE st = 'batch'
  UNION ALL
  SELECT part, ord, sub, o FROM w2 WHERE st = 'batch'
  UNION ALL
  SELECT part, ord, sub, o FROM w3 WHERE st = 'batch'
),
-- The object elements of batches (pages of GET /api/v2/logs with include_totals).
batch_items AS (
  SELECT part, ord, sub, i AS bat, v AS o FROM (SELECT part, ord, sub, i + 1 AS i, v
    FROM batches CROSS JOIN UNNEST(JSON_QUERY_ARRAY(JSON_QUERY(o, '$.logs'))) AS v WITH OFFSET AS i
    WHERE true) AS x WHERE STARTS_WITH(v, '{')
),
-- Envelope level 0: each object is an event, a batch, the envelope of the object in nxt, or nothing.
b0 AS (
  SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, o, CAST(NULL AS STRING) AS env FROM batch_items) AS x) AS y) AS z
),
-- Envelope level 1: each object is an event, a batch, the envelope of the object in nxt, or nothing.
b1 AS (
  SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, nxt AS o, env FROM b0 WHERE st = 'next') AS x) AS y) AS z
),
-- Envelope level 2: each object is an event, a batch, the envelope of the object in nxt, or nothing.
b2 AS (
  SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, nxt AS o, env FROM b1 WHERE st = 'next') AS x) AS y) AS z
),
-- Envelope level 3: each object is an event, a batch, the envelope of the object in nxt, or nothing.
-- No deeper than 4 envelopes.
b3 AS (
  SELECT part, ord, sub, bat, o, env, CASE WHEN st = 'next' THEN 'bad' ELSE st END AS st, nxt
  FROM (SELECT part, ord, sub, bat, o, CASE WHEN STARTS_WITH(lid, '"') THEN JSON_VALUE(lid, '$') ELSE env END AS env,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN 'next'
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN STARTS_WITH(logs, '[') THEN 'batch'
      ELSE 'bad' END AS st,
    CASE
      WHEN NOT typed AND STARTS_WITH(detail, '{') THEN detail
      WHEN NOT typed AND STARTS_WITH(data, '{') THEN data
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND STARTS_WITH(result, '{') THEN result END AS nxt
  FROM (
    SELECT *, CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) AND STARTS_WITH(CASE WHEN (SAFE.PARSE_JSON(raw_text, wide_number_mode => 'round') IS NOT NULL) THEN raw_text END, '{') THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        JSON_QUERY(o, '$.type') IS NOT NULL AS typed, JSON_QUERY(o, '$.log_id') AS lid,
        JSON_QUERY(o, '$.detail') AS detail, JSON_QUERY(o, '$.data') AS data, JSON_QUERY(o, '$.result') AS result, JSON_QUERY(o, '$.logs') AS logs,
        CASE WHEN STARTS_WITH(JSON_QUERY(o, '$._raw'), '"') THEN JSON_VALUE(JSON_QUERY(o, '$._raw'), '$') END AS raw_text
      FROM (SELECT part, ord, sub, bat, nxt AS o, env FROM b2 WHERE st = 'next') AS x) AS y) AS z) AS y
),
-- Events: objects carrying log_id or type once unwrapped; env is the innermost envelope's log_id.
events AS (
  SELECT part, ord, sub, bat, o AS e, env FROM w0 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM w1 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM w2 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM w3 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM b0 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM b1 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM b2 WHERE st = 'event'
  UNION ALL
  SELECT part, ord, sub, bat, o AS e, env FROM b3 WHERE st = 'event'
),
-- The fields the rules read, from events of a relevant type. log_id falls back to the
-- innermost envelope's when the event has none.
fields AS (
  SELECT * FROM (
    SELECT part, ord, sub, bat,
      CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.type'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.type'), '$') END AS typ,
      CASE WHEN coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.log_id'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.log_id'), '$') WHEN (JSON_QUERY(e, '$.log_id') = 'null') THEN '' ELSE JSON_QUERY(e, '$.log_id') END, '') <> '' THEN coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.log_id'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.log_id'), '$') WHEN (JSON_QUERY(e, '$.log_id') = 'null') THEN '' ELSE JSON_QUERY(e, '$.log_id') END, '') ELSE coalesce(env, '') END AS log_id,
      JSON_QUERY(e, '$.date') AS dt,
      coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.client_id'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.client_id'), '$') WHEN (JSON_QUERY(e, '$.client_id') = 'null') THEN '' ELSE JSON_QUERY(e, '$.client_id') END, '') AS client_id,
      coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.client_name'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.client_name'), '$') WHEN (JSON_QUERY(e, '$.client_name') = 'null') THEN '' ELSE JSON_QUERY(e, '$.client_name') END, '') AS client_name,
      coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.user_id'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.user_id'), '$') WHEN (JSON_QUERY(e, '$.user_id') = 'null') THEN '' ELSE JSON_QUERY(e, '$.user_id') END, '') AS user_id,
      coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(e, '$.auth0_client.name'), '"') THEN JSON_VALUE(JSON_QUERY(e, '$.auth0_client.name'), '$') WHEN (JSON_QUERY(e, '$.auth0_client.name') = 'null') THEN '' ELSE JSON_QUERY(e, '$.auth0_client.name') END, '') AS sdk,
      JSON_QUERY(e, '$.details.request') AS req,
      JSON_QUERY(e, '$.details.response.statusCode') AS status_raw,
      JSON_QUERY(e, '$.details.accessedSecrets') AS acc
    FROM (SELECT * FROM events) AS w) AS x
  WHERE typ IN ('sapi', 'fapi', 'depnote', 'mgmt_api_read', 'feccft')
),
-- Each event's date in nanoseconds since 1970 (t_ns): RFC 3339 as Auth0 writes it, or epoch
-- milliseconds; NULL when it is neither, out of the years 0000-9999, or Go's zero time.
timed AS (
  SELECT *, CASE WHEN t0 BETWEEN CAST(-62167219200000 AS NUMERIC) * 1000000 AND CAST(253402300799999 AS NUMERIC) * 1000000 + 999999 AND t0 <> CAST(-62135596800 AS NUMERIC) * 1000000000 THEN t0 END AS t_ns
  FROM (
    SELECT *, CASE
        WHEN ds IS NOT NULL THEN CASE WHEN REGEXP_CONTAINS(ds, '\\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\\z') AND SAFE_CAST(SUBSTR(ds, 12, 2) AS INT64) <= 23 AND SAFE_CAST(SUBSTR(ds, 15, 2) AS INT64) <= 59 AND SAFE_CAST(SUBSTR(ds, 18, 2) AS INT64) <= 59 AND (ENDS_WITH(ds, 'Z') OR (SAFE_CAST(SUBSTR(ds, LENGTH(ds) - 4, 2) AS INT64) <= 23 AND SAFE_CAST(SUBSTR(ds, LENGTH(ds) - 1, 2) AS INT64) <= 59))
        THEN (CAST(UNIX_DATE(SAFE_CAST(SUBSTR(ds, 1, 10) AS DATE)) AS NUMERIC) * 86400 + SAFE_CAST(SUBSTR(ds, 12, 2) AS INT64) * 3600 + SAFE_CAST(SUBSTR(ds, 15, 2) AS INT64) * 60 + SAFE_CAST(SUBSTR(ds, 18, 2) AS INT64) - CASE WHEN ENDS_WITH(ds, 'Z') THEN 0 ELSE (CASE WHEN SUBSTR(ds, LENGTH(ds) - 5, 1) = '-' THEN -1 ELSE 1 END) * (SAFE_CAST(SUBSTR(ds, LENGTH(ds) - 4, 2) AS INT64) * 3600 + SAFE_CAST(SUBSTR(ds, LENGTH(ds) - 1, 2) AS INT64) * 60) END) * 1000000000 + CAST(RPAD(SUBSTR(coalesce(REGEXP_EXTRACT(ds, '\\.([0-9]+)'), ''), 1, 9), 9, '0') AS NUMERIC) END
        WHEN REGEXP_CONTAINS(dt, r'^-?[0-9]') THEN CASE WHEN SAFE_CAST(TRUNC(SAFE_CAST(dt AS FLOAT64)) AS NUMERIC) BETWEEN -62167219200000 AND 253402300799999 THEN CAST(SAFE_CAST(TRUNC(SAFE_CAST(dt AS FLOAT64)) AS NUMERIC) AS NUMERIC) * 1000000 END END AS t0
    FROM (SELECT *, CASE WHEN STARTS_WITH(dt, '"') THEN JSON_VALUE(dt, '$') END AS ds FROM fields) AS x) AS y
),
-- Management API calls (sapi, fapi): the method in upper case and the path read as the rules
-- say (cut at ? or #, one leading and one trailing slash dropped, split on /, without the /api
-- prefix, each segment percent-decoded on its own); call is the shape it matches, if any.
calls AS (
  SELECT *, CASE WHEN method = 'POST' AND n = 4 AND s0 = 'v2' AND s1 = 'users' AND s2 <> '' AND s3 = 'identities' THEN 'link' WHEN method = 'DELETE' AND n = 6 AND s0 = 'v2' AND s1 = 'users' AND s2 <> '' AND s3 = 'identities' AND s4 <> '' AND s5 <> '' THEN 'unlink' WHEN method = 'POST' AND n = 4 AND s0 = 'v2' AND s1 = 'clients' AND s2 <> '' AND s3 = 'rotate-secret' THEN 'rotate-secret' WHEN method = 'PATCH' AND n = 3 AND s0 = 'v2' AND s1 = 'clients' AND s2 <> '' THEN 'update-client' END AS call_kind,
      CASE n WHEN 3 THEN '/api/' || s0 || '/' || s1 || '/' || s2 WHEN 4 THEN '/api/' || s0 || '/' || s1 || '/' || s2 || '/' || s3 WHEN 6 THEN '/api/' || s0 || '/' || s1 || '/' || s2 || '/' || s3 || '/' || s4 || '/' || s5 END AS path
  FROM (
    SELECT *, CASE WHEN NOT (STRPOS(r0, '%') > 0) THEN r0 WHEN REGEXP_CONTAINS(r0, '\\A(?:([^%]|%[0-9A-Fa-f]{2})*)\\z') THEN coalesce(SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES)) FROM UNNEST(REGEXP_EXTRACT_ALL(r0, r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING), r0) ELSE r0 END AS s0,
      CASE WHEN NOT (STRPOS(r1, '%') > 0) THEN r1 WHEN REGEXP_CONTAINS(r1, '\\A(?:([^%]|%[0-9A-Fa-f]{2})*)\\z') THEN coalesce(SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES)) FROM UNNEST(REGEXP_EXTRACT_ALL(r1, r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING), r1) ELSE r1 END AS s1,
      CASE WHEN NOT (STRPOS(r2, '%') > 0) THEN r2 WHEN REGEXP_CONTAINS(r2, '\\A(?:([^%]|%[0-9A-Fa-f]{2})*)\\z') THEN coalesce(SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES)) FROM UNNEST(REGEXP_EXTRACT_ALL(r2, r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING), r2) ELSE r2 END AS s2,
      CASE WHEN NOT (STRPOS(r3, '%') > 0) THEN r3 WHEN REGEXP_CONTAINS(r3, '\\A(?:([^%]|%[0-9A-Fa-f]{2})*)\\z') THEN coalesce(SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES)) FROM UNNEST(REGEXP_EXTRACT_ALL(r3, r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING), r3) ELSE r3 END AS s3,
      CASE WHEN NOT (STRPOS(r4, '%') > 0) THEN r4 WHEN REGEXP_CONTAINS(r4, '\\A(?:([^%]|%[0-9A-Fa-f]{2})*)\\z') THEN coalesce(SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES)) FROM UNNEST(REGEXP_EXTRACT_ALL(r4, r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING), r4) ELSE r4 END AS s4,
      CASE WHEN NOT (STRPOS(r5, '%') > 0) THEN r5 WHEN REGEXP_CONTAINS(r5, '\\A(?:([^%]|%[0-9A-Fa-f]{2})*)\\z') THEN coalesce(SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES)) FROM UNNEST(REGEXP_EXTRACT_ALL(r5, r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING), r5) ELSE r5 END AS s5
    FROM (
      SELECT *, segs[SAFE_OFFSET(0 + k)] AS r0, segs[SAFE_OFFSET(1 + k)] AS r1, segs[SAFE_OFFSET(2 + k)] AS r2, segs[SAFE_OFFSET(3 + k)] AS r3, segs[SAFE_OFFSET(4 + k)] AS r4, segs[SAFE_OFFSET(5 + k)] AS r5,
        n0 - k AS n
      FROM (
        SELECT *, CASE WHEN n0 > 0 AND segs[SAFE_OFFSET(0)] = 'api' THEN 1 ELSE 0 END AS k
        FROM (
          SELECT *, coalesce(ARRAY_LENGTH(segs), 0) AS n0
          FROM (
            SELECT *, CASE WHEN p3 = '' THEN NULL ELSE SPLIT(p3, '/') END AS segs
            FROM (
              SELECT *, CASE WHEN ENDS_WITH(p2, '/') THEN SUBSTR(p2, 1, LENGTH(p2) - 1) ELSE p2 END AS p3
              FROM (
                SELECT *, CASE WHEN STARTS_WITH(p1, '/') THEN SUBSTR(p1, 2) ELSE p1 END AS p2
                FROM (
                  SELECT *, SPLIT(SPLIT(p, '?')[SAFE_OFFSET(0)], '#')[SAFE_OFFSET(0)] AS p1
                  FROM (
                    SELECT *, UPPER(coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(req, '$.method'), '"') THEN JSON_VALUE(JSON_QUERY(req, '$.method'), '$') WHEN (JSON_QUERY(req, '$.method') = 'null') THEN '' ELSE JSON_QUERY(req, '$.method') END, '')) AS method, coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(req, '$.path'), '"') THEN JSON_VALUE(JSON_QUERY(req, '$.path'), '$') END, '') AS p, JSON_QUERY(req, '$.body') AS body, JSON_QUERY(req, '$.auth') AS auth
                    FROM (SELECT * FROM timed WHERE typ IN ('sapi', 'fapi')) AS cg) AS c0) AS c1) AS c2) AS c3) AS c4) AS c5) AS c6) AS c7) AS c8
),
-- The evidence of each call (rules.Fact), its token kind (rules.TokenRules), and for client
-- updates the body's keys.
facts AS (
  SELECT *, CASE
      WHEN has_server_scope THEN 'server'
      WHEN has_user_scope THEN 'user'
      WHEN NOT has_scopes AND acts_on_self THEN 'suspected-id-token'
      WHEN has_scopes THEN 'other-access-token' ELSE 'unknown' END AS token
  FROM (
    SELECT *,
      coalesce(CASE WHEN STARTS_WITH(scopes, '[') THEN EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(scopes)) AS e WHERE STARTS_WITH(e, '"') AND JSON_VALUE(e, '$') IN ('update:users')) WHEN STARTS_WITH(scopes, '"') THEN REGEXP_CONTAINS(JSON_VALUE(scopes, '$'), '(\\A|[\\t\\n\\v\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}])(update:users)([\\t\\n\\v\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]|\\z)') ELSE false END, false) AS has_server_scope,
      coalesce(CASE WHEN STARTS_WITH(scopes, '[') THEN EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(scopes)) AS e WHERE STARTS_WITH(e, '"') AND JSON_VALUE(e, '$') IN ('update:current_user_identities', 'update:current_user_metadata')) WHEN STARTS_WITH(scopes, '"') THEN REGEXP_CONTAINS(JSON_VALUE(scopes, '$'), '(\\A|[\\t\\n\\v\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}])(update:current_user_identities|update:current_user_metadata)([\\t\\n\\v\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]|\\z)') ELSE false END, false) AS has_user_scope,
      coalesce(CASE WHEN STARTS_WITH(scopes, '[') THEN EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(scopes)) AS e WHERE STARTS_WITH(e, '"') AND JSON_VALUE(e, '$') <> '') WHEN STARTS_WITH(scopes, '"') THEN REGEXP_CONTAINS(JSON_VALUE(scopes, '$'), '[^\\t\\n\\v\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]') ELSE false END, false) AS has_scopes,
      coalesce(auth_user <> '' AND auth_user = s2, false) AS acts_on_self,
      coalesce(sdk = 'auth0.js', false) AS via_auth0js,
      coalesce(JSON_QUERY(body2, '$.link_with') IS NOT NULL AND NOT (JSON_QUERY(body2, '$.link_with') = 'null'), false) AS sends_link_with,
      coalesce(JSON_QUERY(body2, '$.client_secret') IS NOT NULL, false) AS has_secret,
      CASE WHEN STARTS_WITH(body2, '{') THEN (SELECT COUNT(*) FROM UNNEST(JSON_KEYS(SAFE.PARSE_JSON(body2, wide_number_mode => 'round'), 1)) AS k WHERE k <> 'client_secret') ELSE 0 END AS other_keys
    FROM (
      SELECT *, JSON_QUERY(auth, '$.credentials.scopes') AS scopes, CASE WHEN STARTS_WITH(au, '"') THEN JSON_VALUE(au, '$') WHEN STARTS_WITH(au, '{') THEN coalesce(CASE WHEN STARTS_WITH(JSON_QUERY(au, '$.user_id'), '"') THEN JSON_VALUE(JSON_QUERY(au, '$.user_id'), '$') WHEN (JSON_QUERY(au, '$.user_id') = 'null') THEN '' ELSE JSON_QUERY(au, '$.user_id') END, '') ELSE '' END AS auth_user, CASE WHEN STARTS_WITH(body, '"') AND (SAFE.PARSE_JSON(JSON_VALUE(body, '$'), wide_number_mode => 'round') IS NOT NULL) THEN JSON_VALUE(body, '$') ELSE body END AS body2
      FROM (SELECT *, JSON_QUERY(auth, '$.user') AS au FROM (SELECT * FROM calls WHERE call_kind IS NOT NULL) AS fg) AS f0) AS f1) AS f2
),
-- Every classified event (kind 'finding') and every feccft that may be a stale use (kind
-- 'exchange'): notices, secret reads, links and unlinks (rules.LinkRules, rules.UnlinkRules) and
-- calls on a client's secret (rules.SecretRules, filed under the client whose secret it is).
found AS (
  SELECT part, ord, sub, bat, kind, log_id, t_ns, client_id, client_name, user_id, use_case, method, path, status_code, reason, changes, changed_client FROM (
    SELECT part, ord, sub, bat, 'finding' AS kind, log_id, t_ns, client_id, client_name, user_id,
      'deprecation-notice' AS use_case, CAST(NULL AS STRING) AS method, CAST(NULL AS STRING) AS path, 0 AS status_code,
      CAST(NULL AS STRING) AS reason, false AS changes, CAST(NULL AS STRING) AS changed_client
    FROM timed WHERE typ = 'depnote'
    UNION ALL
    SELECT part, ord, sub, bat, 'finding', log_id, t_ns, client_id, client_name, user_id,
      'secret-read', NULL, NULL, 0, 'the response carried a client secret', false, NULL
    FROM timed WHERE typ = 'mgmt_api_read' AND CASE WHEN STARTS_WITH(acc, '[') THEN EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(acc)) AS e WHERE STARTS_WITH(e, '"') AND JSON_VALUE(e, '$') = 'client_secret') WHEN STARTS_WITH(acc, '{') THEN JSON_QUERY(acc, '$.client_secret') IS NOT NULL WHEN STARTS_WITH(acc, '"') THEN (STRPOS(JSON_VALUE(acc, '$'), 'client_secret') > 0) ELSE false END
    UNION ALL
    SELECT part, ord, sub, bat, 'exchange', log_id, t_ns, client_id, client_name, user_id,
      'secret-stale-use', NULL, NULL, 0, NULL, false, NULL
    FROM timed WHERE typ = 'feccft' AND client_id <> '' AND t_ns IS NOT NULL
    UNION ALL
    SELECT part, ord, sub, bat, 'finding', log_id, t_ns, client_id, client_name, s2,
      CASE WHEN call_kind = 'link' THEN CASE
        WHEN token IN ('server') AND via_auth0js THEN 'auth0js-update-users'
        WHEN token IN ('user') AND via_auth0js THEN 'auth0js-current-user'
        WHEN token IN ('suspected-id-token') AND via_auth0js THEN 'auth0js-idtoken'
        WHEN via_auth0js THEN 'link-undetermined'
        WHEN token IN ('suspected-id-token') THEN 'link-idtoken-bearer'
        WHEN sends_link_with THEN 'link-with-idtoken'
        WHEN token IN ('server') THEN 'link-userid-update-users'
        WHEN token IN ('user') THEN 'link-userid-current-user' ELSE 'link-undetermined' END ELSE CASE
        WHEN token IN ('server', 'user', 'other-access-token') THEN 'unlink-access-token'
        WHEN token IN ('suspected-id-token') THEN 'unlink-idtoken-bearer' ELSE 'unlink-undetermined' END END,
      method, path, CASE WHEN REGEXP_CONTAINS(status_raw, r'^-?[0-9]') THEN SAFE_CAST(TRUNC(SAFE_CAST(status_raw AS FLOAT64)) AS INT64) WHEN STARTS_WITH(status_raw, '"') THEN SAFE_CAST(TRUNC(SAFE_CAST(JSON_VALUE(status_raw, '$') AS FLOAT64)) AS INT64) WHEN (status_raw IN ('true', 'false')) AND status_raw = 'true' THEN 1 END,
      (CASE WHEN call_kind = 'link' THEN CASE
        WHEN token IN ('server') AND via_auth0js THEN 'auth0.js; '
        WHEN token IN ('user') AND via_auth0js THEN 'auth0.js; '
        WHEN token IN ('suspected-id-token') AND via_auth0js THEN 'auth0.js; '
        WHEN via_auth0js THEN 'auth0.js; '
        WHEN token IN ('suspected-id-token') THEN ''
        WHEN sends_link_with THEN 'body sends link_with; '
        WHEN token IN ('server') THEN ''
        WHEN token IN ('user') THEN '' ELSE '' END ELSE CASE
        WHEN token IN ('server', 'user', 'other-access-token') THEN ''
        WHEN token IN ('suspected-id-token') THEN '' ELSE '' END END) || CASE token WHEN 'server' THEN 'access token with update:users' WHEN 'user' THEN 'user access token with update:current_user_identities' WHEN 'suspected-id-token' THEN 'no scopes and the caller is the path user: probably an ID token' WHEN 'other-access-token' THEN 'access token without a linking scope' ELSE 'the log does not say which token was sent' END,
      false, NULL
    FROM facts WHERE call_kind IN ('link', 'unlink')
    UNION ALL
    SELECT part, ord, sub, bat, 'finding', log_id, t_ns, s2,
      CASE WHEN client_id <> s2 THEN '' ELSE client_name END, user_id,
      use_case, method, path, CASE WHEN REGEXP_CONTAINS(status_raw, r'^-?[0-9]') THEN SAFE_CAST(TRUNC(SAFE_CAST(status_raw AS FLOAT64)) AS INT64) WHEN STARTS_WITH(status_raw, '"') THEN SAFE_CAST(TRUNC(SAFE_CAST(JSON_VALUE(status_raw, '$') AS FLOAT64)) AS INT64) WHEN (status_raw IN ('true', 'false')) AND status_raw = 'true' THEN 1 END,
      what || CASE WHEN client_id <> '' AND client_id <> s2 THEN ' by client ' || client_id ELSE '' END
        || CASE WHEN counts THEN ' (' || CAST(other_keys AS STRING) || ' other fields)' ELSE '' END,
      changes AND typ = 'sapi' AND t_ns IS NOT NULL, s2
    FROM (
      SELECT *, CASE WHEN call_kind = 'rotate-secret' THEN 'secret-rotate' WHEN call_kind = 'update-client' AND has_secret AND other_keys <= 2 THEN 'secret-set-custom' WHEN call_kind = 'update-client' AND has_secret THEN 'secret-in-client-update' END AS use_case, CASE WHEN call_kind = 'rotate-secret' THEN 'rotate-secret' WHEN call_kind = 'update-client' AND has_secret AND other_keys <= 2 THEN 'PATCH setting client_secret' WHEN call_kind = 'update-client' AND has_secret THEN 'PATCH with client_secret in a full-object update' END AS what, CASE WHEN call_kind = 'rotate-secret' THEN true WHEN call_kind = 'update-client' AND has_secret AND other_keys <= 2 THEN true WHEN call_kind = 'update-client' AND has_secret THEN false END AS changes, CASE WHEN call_kind = 'rotate-secret' THEN false WHEN call_kind = 'update-client' AND has_secret AND other_keys <= 2 THEN false WHEN call_kind = 'update-client' AND has_secret THEN true END AS counts
      FROM facts WHERE call_kind IN ('rotate-secret', 'update-client')) AS s
    WHERE use_case IS NOT NULL
  ) AS u
),
-- One event per log_id (events without one are all kept): the first in input order when
-- the source gives an order, else the earliest.
kept AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY part, log_id ORDER BY ord, sub, bat, t_ns, use_case, client_id) AS nth FROM found) AS x
  WHERE nth = 1 OR log_id = ''
),
-- Each client's earliest secret change: a successful rotate-secret or custom-secret PATCH.
changes AS (
  SELECT part, client, at_ns, at_log FROM (
    SELECT part, changed_client AS client, t_ns AS at_ns, log_id AS at_log,
      row_number() OVER (PARTITION BY part, changed_client ORDER BY t_ns, ord, sub, bat) AS nth
    FROM kept WHERE changes) AS x
  WHERE nth = 1
),
-- The findings: the classified events, and each feccft of a client dated strictly after its
-- earliest secret change (secret-stale-use).
findings AS (
  SELECT part, log_id, t_ns, client_id, client_name, user_id, use_case, method, path, status_code, reason
  FROM kept WHERE kind = 'finding'
  UNION ALL
  SELECT k.part, k.log_id, k.t_ns, k.client_id, k.client_name, k.user_id, 'secret-stale-use', NULL, NULL, 0,
    'failed client-credentials exchange after the secret changed at ' || FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', TIMESTAMP_SECONDS(CAST(FLOOR(c.at_ns / 1000000000) AS INT64)), 'UTC') || ' (log_id ' || c.at_log || ')'
  FROM kept AS k JOIN changes AS c ON k.part = c.part AND k.client_id = c.client AND k.t_ns > c.at_ns
  WHERE k.kind = 'exchange'
),
-- One row per finding.
finding_rows AS (
  SELECT
    nullif(log_id, '') AS log_id,
    TIMESTAMP_MICROS(CAST(FLOOR(t_ns / 1000) AS INT64)) AS date,
    nullif(client_id, '') AS client_id,
    nullif(client_name, '') AS client_name,
    nullif(user_id, '') AS user_id,
    use_case,
    CASE use_case WHEN 'deprecation-notice' THEN 'review' WHEN 'secret-read' THEN 'info' WHEN 'secret-stale-use' THEN 'action' WHEN 'auth0js-update-users' THEN 'not-affected' WHEN 'auth0js-current-user' THEN 'affected' WHEN 'auth0js-idtoken' THEN 'affected' WHEN 'link-undetermined' THEN 'review' WHEN 'link-idtoken-bearer' THEN 'affected' WHEN 'link-with-idtoken' THEN 'compliant' WHEN 'link-userid-update-users' THEN 'not-affected' WHEN 'link-userid-current-user' THEN 'affected' WHEN 'unlink-access-token' THEN 'not-affected' WHEN 'unlink-idtoken-bearer' THEN 'affected' WHEN 'unlink-undetermined' THEN 'review' WHEN 'secret-rotate' THEN 'info' WHEN 'secret-set-custom' THEN 'info' WHEN 'secret-in-client-update' THEN 'info' END AS status,
    CASE use_case WHEN 'deprecation-notice' THEN 'confirmed' WHEN 'secret-read' THEN 'confirmed' WHEN 'secret-stale-use' THEN 'confirmed' WHEN 'auth0js-update-users' THEN 'confirmed' WHEN 'auth0js-current-user' THEN 'confirmed' WHEN 'auth0js-idtoken' THEN 'suspected' WHEN 'link-undetermined' THEN 'unknown' WHEN 'link-idtoken-bearer' THEN 'suspected' WHEN 'link-with-idtoken' THEN 'confirmed' WHEN 'link-userid-update-users' THEN 'confirmed' WHEN 'link-userid-current-user' THEN 'confirmed' WHEN 'unlink-access-token' THEN 'confirmed' WHEN 'unlink-idtoken-bearer' THEN 'suspected' WHEN 'unlink-undetermined' THEN 'unknown' WHEN 'secret-rotate' THEN 'confirmed' WHEN 'secret-set-custom' THEN 'confirmed' WHEN 'secret-in-client-update' THEN 'confirmed' END AS confidence,
    method,
    path,
    nullif(status_code, 0) AS status_code,
    reason
  FROM findings
)
SELECT use_case, status, confidence, client_id, max(client_name) AS client_name,
  count(*) AS events,
  count(CASE WHEN status_code >= 400 THEN 1 END) AS failed,
  min(date) AS first_seen,
  max(date) AS last_seen,
  ARRAY_AGG(log_id IGNORE NULLS ORDER BY log_id LIMIT 3) AS sample_log_ids
FROM finding_rows
GROUP BY use_case, status, confidence, client_id
ORDER BY CASE status WHEN 'affected' THEN 0 WHEN 'action' THEN 1 WHEN 'review' THEN 2 WHEN 'info' THEN 3 WHEN 'not-affected' THEN 4 WHEN 'compliant' THEN 5 END, use_case, client_id
