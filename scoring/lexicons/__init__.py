"""Per-language cue lists (one YAML file per language code), read by `scoring.lexicon`."""
