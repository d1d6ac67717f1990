"""Per-language resources: abbreviations now; quote marks, cue verbs and aliases later."""
