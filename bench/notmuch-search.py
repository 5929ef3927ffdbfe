# Times notmuch queries in-process (python3-notmuch2), so process start-up is not counted against it.
# Usage: NOTMUCH_CONFIG=<cfg> /usr/bin/python3 notmuch-search.py <db path> <queries.json>  -> JSON on stdout
import json, sys, time, itertools
import notmuch2

db = notmuch2.Database(sys.argv[1], mode=notmuch2.Database.MODE.READ_ONLY)
queries = json.load(open(sys.argv[2]))
times = []
ids = []
for q in queries:
    terms = q.split()
    # as-you-type: the last term is a prefix, like the app's search box; the others quoted, which turns
    # Xapian's stemming off for them (ours matches them as exact words)
    expr = ' and '.join(['"%s"' % t for t in terms[:-1]] + [terms[-1] + '*']) if terms else '*'
    t0 = time.perf_counter()
    msgs = db.messages(expr, sort=notmuch2.Database.SORT.NEWEST_FIRST)
    got = [m.messageid for m in itertools.islice(msgs, 50)]
    times.append((time.perf_counter() - t0) * 1000)
    ids.append(got)
# ids: the top 50 Message-IDs of each query (cross-checked against ours by search-bench.ts)
print(json.dumps({"times": times, "ids": ids}))
