"""The algorithms the chapters teach, computed with NumPy and the engine, drawn by nothing.

One module per concept: data sets (``data``), image features (``images``,
``color_histogram``, ``hog``, ``kmeans``, ``bag_of_words``, ``feature_comparison``), the
neuron and XOR (``perceptron``, ``activations``, ``two_layer_network``), the collapse of
linear layers (``collapse``), gradient descent (``descent``), and the computational graph
(``graph``, ``graph_layout``). They import from the engine and from each other, and never
matplotlib or ipywidgets: the figures draw what they compute.
"""
