"""Runners: the local process pool now, the Dask runner later."""
