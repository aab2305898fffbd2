"""lecture_lib: the library of the textbook *Neural Networks and Backpropagation*.

Four layers, each a folder; a module imports only from its own layer and the ones before it:

1. ``engine``: the autograd Tensor and what is built on it (nn, losses, optim, gradcheck);
2. ``algorithms``: what the chapters compute (data sets, image features, the perceptron,
   the collapse of linear layers, gradient descent, the computational graph), with NumPy
   and the engine, never matplotlib or ipywidgets;
3. ``figures``: matplotlib drawings of those results, one module per chapter plus shared
   plotting, never ipywidgets;
4. ``widgets``: the one interactive layer, which makes figures live and checks exercises,
   in a kernel and in the static book.

A chapter imports from any layer; an example it teaches (a graph, a set of weights) is
defined in the chapter and handed to the library.
"""

from lecture_lib.engine.autograd import Tensor, maximum

# The version of lecture_lib's wheel and sdist (pyproject.toml reads it from here). A class's
# JupyterHub image carries the lecture_lib it was built with: compare with this to know when to rebuild.
__version__ = "0.1.0"

__all__ = ["Tensor", "maximum"]
