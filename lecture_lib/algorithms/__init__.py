"""The algorithms the chapters teach, computed with NumPy and the engine, drawn by nothing.

One module per concept, by chapter: seeded data sets (``data``); image features and a
network that learns its own (``images``, ``color_histogram``, ``hog``, ``kmeans``,
``bag_of_words``, ``feature_comparison``, ``learned_features``: 01); the neuron and XOR
(``perceptron``, ``activations``, ``two_layer_network``: 02); what a hidden layer adds
(``collapse``, ``best_line``, ``hidden_features``, ``gradient_flow``, ``dead_relu``: 03);
gradient descent and training with hand-written gradients (``descent``, ``hand_training``:
04); the computational graph (``graph``, ``graph_layout``: 05, 06) and backprop on whole
matrices (``batched_network``: 06); the training playground (``playground``,
``playground_data``, ``playground_settings``: 07). They import from the engine and from each
other, and never matplotlib or ipywidgets: the figures draw what they compute.
"""
