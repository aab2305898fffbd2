"""lecture_lib: the engine of the textbook *Neural Networks and Backpropagation*.

Modules, one concept each:

* the engine: ``autograd`` (the Tensor and its gradients), ``nn`` (layers, MLPs,
  training), ``losses``, ``optim``, ``gradcheck``, ``data`` (generated data sets);
* the chapters' algorithms: ``features`` (01: colour histogram, HoG, bag of words),
  ``perceptron`` (02), ``collapse`` (03), ``descent`` (04), ``graph`` (05, 06: drawing
  the recorded graph), ``exercises`` (answer checks);
* figures: ``plotting`` (decision boundaries), ``widgets`` (every live figure), and the
  chapters' widget builders ``figures_features`` (01) and ``figures_xor`` (02).
"""

from lecture_lib.autograd import Tensor, maximum

__all__ = ["Tensor", "maximum"]
