"""Entity tags and check-worthiness read from one second branch of the encoder.

The techniques tagger tunes layers 6-11 of the encoder; layers 0-5 are the base
model's. This package tunes its own copy of layers 6-11 (a second LoRA adapter,
trained on NER and check-worthiness together) on top of the same lower layers, so
one pass through layers 0-5 serves techniques, entities and claims.
"""
