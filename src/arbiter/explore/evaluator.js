/* arbiter explorer: the evaluator of exported conditions (no dependencies).
 *
 * A polynomial is {c: [coefficients], e: [[exponents per parameter], ...]}:
 * sum_k c[k] * prod_i x[i] ** e[k][i]. An atom is such a polynomial read as
 * "atom >= 0" (or "> 0" when the literal is strict). A condition is
 * {cells: [[[atomIndex, strict], ...], ...]}: it holds where some cell holds,
 * a cell where all its literals hold.
 *
 * Values are computed in floating point; a value within a relative 1e-9 of
 * zero (relative to the sum of the absolute values of its terms) counts as
 * exactly zero, so a point typed on a boundary (r = k_w, both 1.5) is
 * decided as Condition.holds decides it in exact arithmetic.
 *
 * restrict() substitutes every parameter but two (the axes of a map) and
 * returns a polynomial in those two, so that a map evaluates only what
 * varies across it.
 */
(function (root) {
  "use strict";

  var REL = 1e-9;

  /* A polynomial in sparse form: per term, its coefficient and the
   * (parameter, exponent) pairs with a non-zero exponent. */
  function compile(poly) {
    var n = poly.c.length, vars = [], exps = [], offs = new Int32Array(n + 1);
    for (var k = 0; k < n; k++) {
      var e = poly.e[k];
      for (var i = 0; i < e.length; i++) {
        if (e[i] !== 0) { vars.push(i); exps.push(e[i]); }
      }
      offs[k + 1] = vars.length;
    }
    return {c: Float64Array.from(poly.c), v: Int32Array.from(vars),
            k: Int32Array.from(exps), o: offs};
  }

  function ipow(b, k) {
    var r = 1;
    while (k > 0) { if (k & 1) r *= b; b *= b; k >>= 1; }
    return r;
  }

  /* [value, scale]: the polynomial's value at x and the sum of |terms|. */
  function evaluate(p, x) {
    var s = 0, a = 0, c = p.c, v = p.v, k = p.k, o = p.o;
    for (var t = 0; t < c.length; t++) {
      var term = c[t];
      for (var j = o[t]; j < o[t + 1]; j++) term *= ipow(x[v[j]], k[j]);
      s += term;
      a += term < 0 ? -term : term;
    }
    return [s, a];
  }

  function value(p, x) { return evaluate(p, x)[0]; }

  /* The sign of the polynomial at x: 1, 0 (within the relative tolerance) or -1. */
  function sign(p, x) {
    var r = evaluate(p, x), s = r[0];
    if ((s < 0 ? -s : s) <= REL * r[1]) return 0;
    return s > 0 ? 1 : -1;
  }

  function litHolds(sg, strict) { return strict ? sg > 0 : sg >= 0; }

  /* Evaluates many conditions at one point, each atom at most once. */
  function Evaluator(atoms) {
    this.atoms = atoms.map(compile);
    this.stamp = new Int32Array(atoms.length);
    this.sg = new Int8Array(atoms.length);
    this.gen = 0;
    this.x = null;
  }
  Evaluator.prototype.at = function (x) { this.x = x; this.gen += 1; return this; };
  Evaluator.prototype.sign = function (i) {
    if (this.stamp[i] !== this.gen) {
      this.sg[i] = sign(this.atoms[i], this.x);
      this.stamp[i] = this.gen;
    }
    return this.sg[i];
  };
  Evaluator.prototype.holds = function (cond) {
    var cells = cond.cells;
    for (var c = 0; c < cells.length; c++) {
      var cell = cells[c], ok = true;
      for (var l = 0; l < cell.length && ok; l++) {
        ok = litHolds(this.sign(cell[l][0]), cell[l][1]);
      }
      if (ok) return true;
    }
    return false;
  };

  /* The polynomial with x substituted except parameters i and j:
   * {c, ei, ej} (terms merged by their exponents of i and j). */
  function restrict(p, x, i, j) {
    var merged = {}, keys = [];
    for (var t = 0; t < p.c.length; t++) {
      var coef = p.c[t], ei = 0, ej = 0;
      for (var q = p.o[t]; q < p.o[t + 1]; q++) {
        var var_ = p.v[q];
        if (var_ === i) ei = p.k[q];
        else if (var_ === j) ej = p.k[q];
        else coef *= ipow(x[var_], p.k[q]);
      }
      var key = ei + "," + ej;
      if (!(key in merged)) { merged[key] = [0, ei, ej, 0]; keys.push(key); }
      merged[key][0] += coef;
      merged[key][3] += coef < 0 ? -coef : coef;
    }
    var c = [], a = [], ei_ = [], ej_ = [];
    for (var m = 0; m < keys.length; m++) {
      var term = merged[keys[m]];
      // A coefficient that cancels to (relative) zero is zero.
      if ((term[0] < 0 ? -term[0] : term[0]) <= REL * term[3]) continue;
      c.push(term[0]); ei_.push(term[1]); ej_.push(term[2]); a.push(term[3]);
    }
    var constant = c.length === 0 || (c.length === 1 && ei_[0] === 0 && ej_[0] === 0);
    return {c: Float64Array.from(c), ei: Int32Array.from(ei_), ej: Int32Array.from(ej_),
            constant: constant, value: c.length ? c[0] : 0};
  }

  /* Sign of a restricted polynomial at (X, Y). */
  function sign2(r, X, Y) {
    var s = 0, a = 0, c = r.c;
    for (var t = 0; t < c.length; t++) {
      var term = c[t] * ipow(X, r.ei[t]) * ipow(Y, r.ej[t]);
      s += term;
      a += term < 0 ? -term : term;
    }
    if ((s < 0 ? -s : s) <= REL * a) return 0;
    return s > 0 ? 1 : -1;
  }

  function value2(r, X, Y) {
    var s = 0, c = r.c;
    for (var t = 0; t < c.length; t++) s += c[t] * ipow(X, r.ei[t]) * ipow(Y, r.ej[t]);
    return s;
  }

  var api = {REL: REL, ipow: ipow, compile: compile, evaluate: evaluate, value: value, sign: sign,
             litHolds: litHolds, Evaluator: Evaluator, restrict: restrict, sign2: sign2,
             value2: value2};
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ArbiterEval = api;
})(typeof self !== "undefined" ? self : this);
