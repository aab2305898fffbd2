"""The figures: matplotlib drawings of what the algorithms compute, one module per chapter.

Shared plotting (``plotting``: decision boundaries, class scatters; ``graph``: computational
graphs) and one module per chapter topic. A figure that moves is a class drawn once and
redrawn in place by its ``show`` method; ``lecture_lib.widgets`` makes it live. The
figures import matplotlib, the algorithms and the engine, and never ipywidgets.
"""
