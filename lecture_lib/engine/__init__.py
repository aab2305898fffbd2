"""The engine: a small reverse-mode autograd over NumPy arrays, and what is built on it.

``autograd`` (the Tensor and its gradients), ``nn`` (layers, MLPs, a training loop),
``losses``, ``optim`` (SGD with momentum) and ``gradcheck`` (central differences). The
engine imports nothing else of lecture_lib, and neither matplotlib nor ipywidgets.
"""
