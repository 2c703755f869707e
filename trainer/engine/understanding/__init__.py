"""Understanding a trainee's reply by meaning as well as wording: canonical words, acts, slots,
and a matcher that weighs them (see matcher.py)."""
