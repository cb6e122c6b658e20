"""The benchmark: a seeded organisation (seed.py) and the runner behind `python -m bench`.

The runner seeds the database when it does not hold a seed of the asked size, serves the app
under gunicorn, signs in as the bench accounts and prints latency percentiles for the key pages
and the size, time and worker memory of the exports, beside /healthz as the floor.
"""
