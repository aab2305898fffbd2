"""lecture_lib: the engine of the textbook *Neural Networks and Backpropagation*.

Modules, one concept each: ``autograd`` (the Tensor and its gradients), ``nn`` (layers,
MLPs, training), ``losses``, ``optim``, ``gradcheck``, ``data`` (toy data sets),
``features`` (image features), ``plotting`` and ``widgets`` (every live figure).
"""

from lecture_lib.autograd import Tensor, maximum

__all__ = ["Tensor", "maximum"]
