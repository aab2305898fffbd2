"""The figures: matplotlib drawings of what the algorithms compute, one module per chapter topic.

Shared drawing (``plotting``: decision boundaries, class scatters; ``graph``: computational
graphs; ``diagrams``: a neuron and a fully connected network) and one module per chapter
topic (``image_features``, ``neuron_and_xor``, ``mlp_and_nonlinearity``,
``learned_features``, ``activation_effects``, ``gradient_descent``, ``matrix_gradient``,
``playground``). A figure that moves is a class drawn once and redrawn in place by its
``show`` method; ``lecture_lib.widgets`` makes it live. The figures import matplotlib, the
algorithms and the engine, and never ipywidgets.
"""
