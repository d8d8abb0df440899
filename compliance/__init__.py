"""compliance: checks Lombardy public-housing offer plans against L.R. 16/2016 and R.R. 4/2017."""

__version__ = "0.1.0"
