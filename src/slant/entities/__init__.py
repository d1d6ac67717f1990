"""Named entities: NER in many languages, canonical ids from an alias table, name coreference."""
