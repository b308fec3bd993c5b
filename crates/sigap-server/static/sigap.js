// Sigap's progressive JavaScript. Every page works without it; this only makes some faster.
"use strict";
