/* Stands in for the theme's scripts/fontawesome.js, the 1.5 MB Font Awesome SVG+JS kit that
   turns every <i class="fa-..."> into an inline SVG. The theme's style sheet draws the same
   icons with Font Awesome's webfont, which the book serves cut down to its own icons
   (scripts/icon_subset.py), so there is nothing left for a script to do. */
