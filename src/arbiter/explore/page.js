/* arbiter explorer: the page (needs ArbiterEval from evaluator.js and the data in
 * <script id="arbiter-data">). Everything runs here, offline. */
(function () {
  "use strict";
  var E = ArbiterEval;
  var D = JSON.parse(document.getElementById("arbiter-data").textContent);
  var P = D.params, n = P.length;
  var ev = new E.Evaluator(D.atoms);
  var polys = D.polys.map(E.compile);
  var conds = D.conditions;
  var statusQuo = {};
  D.model.statusQuo.forEach(function (l) { statusQuo[l] = true; });
  var x = new Float64Array(n);
  var raw = P.map(function (p) { return p.exact; });
  P.forEach(function (p, i) { x[i] = p.default; });
  var timings = {update: [], map: []};
  var $ = function (id) { return document.getElementById(id); };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function fmt(v) {
    if (!isFinite(v)) return String(v);
    var r = Math.round(v * 1e6) / 1e6;
    return String(r === 0 ? 0 : r);
  }

  // Every regime (or candidate) gets an outcome key, for colours and sets.
  var regimeLists = [];
  if (D.kind === "split") {
    D.split.children.forEach(function (c, ci) {
      c.regimes.forEach(function (r) { r.child = ci; });
      regimeLists.push(c.regimes);
    });
  } else {
    regimeLists.push(D.candidates);
  }
  regimeLists.forEach(function (list) {
    list.forEach(function (r) {
      r.okey = r.outcome.map(function (o) { return o[0] + "@" + o[1]; }).sort().join("|");
    });
  });

  /* ------------------------------------------------------------ the solver
   * On a backend B: B.holds(condIndex) and B.val(polyIndex) -> [value, scale].
   * Returns the equilibria: [{regime, child}] (trees: subgame perfect; pure). */
  function solve(B, lists) {
    if (D.kind !== "split") {
      var out = [];
      lists[0].forEach(function (r) { if (B.holds(r.cond)) out.push({regime: r, child: null}); });
      return out;
    }
    return choose(held(B, lists), B);
  }

  /* Per root subtree, the regimes that hold. */
  function held(B, lists) {
    var h = [];
    for (var c = 0; c < lists.length; c++) {
      var hc = [];
      for (var k = 0; k < lists[c].length; k++) {
        if (B.holds(lists[c][k].cond)) hc.push(lists[c][k]);
      }
      h.push(hc);
    }
    return h;
  }

  /* The root mover's best subtrees: with ties below, a subtree's regime is an
   * equilibrium when its payoff is at least every other subtree's worst. */
  function choose(h, B) {
    var out = [], mover = D.split.mover, c, k;
    if (mover === null) {
      h[0].forEach(function (r) { out.push({regime: r, child: 0}); });
      return out;
    }
    var mins = [], scales = [];
    for (c = 0; c < h.length; c++) {
      var lo = Infinity, sc = 0;
      for (k = 0; k < h[c].length; k++) {
        var v = B.val(h[c][k].payoffs[mover]);
        if (v[0] < lo) { lo = v[0]; sc = v[1]; }
      }
      mins.push(lo === Infinity ? -Infinity : lo); scales.push(sc);
    }
    for (c = 0; c < h.length; c++) {
      var best = -Infinity, bs = 0;
      for (var b = 0; b < h.length; b++) {
        if (b !== c && mins[b] > best) { best = mins[b]; bs = scales[b]; }
      }
      for (k = 0; k < h[c].length; k++) {
        var w = B.val(h[c][k].payoffs[mover]);
        if (w[0] >= best - E.REL * (w[1] + bs)) out.push({regime: h[c][k], child: c});
      }
    }
    return out;
  }

  var pointBackend = {
    holds: function (ci) { return ev.holds(conds[ci]); },
    val: function (pi) { return E.evaluate(polys[pi], x); }
  };

  function distribution(r, B) {
    var d = {};
    r.outcome.forEach(function (o) {
      var p = B.val(o[1])[0];
      if (Math.abs(p) > 1e-12) d[o[0]] = (d[o[0]] || 0) + p;
    });
    return d;
  }
  function stable(d) {
    var mass = 0;
    Object.keys(d).forEach(function (l) { if (statusQuo[l]) mass += d[l]; });
    return mass >= 1 - 1e-9;
  }

  /* ------------------------------------------------------------ the point */
  function outcomesAt() {
    ev.at(x);
    var eqs = solve(pointBackend, regimeLists), seen = {}, dists = [];
    eqs.forEach(function (e) {
      var d = distribution(e.regime, pointBackend);
      var key = Object.keys(d).sort().map(function (l) { return l + "=" + fmt(d[l]); }).join(";");
      if (!seen[key]) { seen[key] = true; dists.push(d); }
    });
    return {eqs: eqs, dists: dists};
  }

  function update() {
    var t0 = performance.now();
    var res = outcomesAt();
    showOutcome(res);
    showCondition(res.eqs);
    showCredibility();
    drawTree(res.eqs[0] || null);
    showPython();
    timings.update.push(performance.now() - t0);
    scheduleMap();
  }

  function showOutcome(res) {
    var el = $("outcome");
    el.setAttribute("data-outcomes", JSON.stringify(res.dists));
    var word = D.kind === "split" ? "subgame-perfect equilibri" : (D.kind === "pure" ?
      "pure subgame-perfect equilibri" : "pure Nash equilibri");
    var html;
    if (!res.dists.length) {
      html = "<p class='none'>No " + word + "um here: the equilibria are mixed (not shown on " +
        "this page; use <code>arbiter.nash_equilibria</code> / <code>subgame_perfect</code>).</p>";
      el.className = "unknown";
    } else {
      var all = res.dists.every(stable);
      el.className = all ? "stable" : "unstable";
      html = "<p class='badge'>" + (all ? "Status quo stable" : "Status quo not stable") +
        "</p><p>" + res.dists.length + " outcome" + (res.dists.length > 1 ? "s" : "") +
        " of the " + word + (res.eqs.length > 1 ? "a" : "um") + ":</p><ul>" +
        res.dists.map(function (d) {
          return "<li>" + Object.keys(d).map(function (l) {
            return "<b>" + esc(l) + "</b>" + (Math.abs(d[l] - 1) > 1e-12 ? " (" + fmt(d[l]) + ")" : "");
          }).join(", ") + "</li>";
        }).join("") + "</ul>";
    }
    if (D.kind !== "split") {
      html += "<p class='note'>Pure equilibria only: mixed equilibria are not shown.</p>";
    }
    el.innerHTML = html;
  }

  function condHTML(ci) { return "<span class='math'>" + conds[ci].html + "</span>"; }

  function showCondition(eqs) {
    var el = $("condition");
    if (!eqs.length) { el.innerHTML = "<p>No regime holds here.</p>"; return; }
    var e = eqs[0], html = "";
    if (D.kind === "split" && D.split.mover !== null) {
      var S = D.split, mover = D.model.players[S.mover];
      html += "<p><b>" + esc(mover) + "</b> chooses <b>" + esc(S.children[e.child].action) +
        "</b> at the root: its payoff there is at least that of every other action " +
        "(each subtree played as in the regime that holds in it):</p><table class='values'>";
      S.children.forEach(function (c, ci) {
        var r = null;
        for (var k = 0; k < c.regimes.length; k++) {
          if (pointBackend.holds(c.regimes[k].cond)) { r = c.regimes[k]; break; }
        }
        if (!r) return;
        var pi = r.payoffs[S.mover];
        html += "<tr" + (ci === e.child ? " class='chosen'" : "") + "><td>" + esc(c.action) +
          "</td><td class='math'>" + D.polys[pi].html + "</td><td>= " +
          fmt(pointBackend.val(pi)[0]) + "</td></tr>";
      });
      html += "</table><p>Regime in the chosen subtree (exact):</p><p class='cond'>" +
        condHTML(e.regime.cond) + "</p>";
      html += "<details><summary>Regimes holding in the other subtrees</summary><ul>";
      S.children.forEach(function (c, ci) {
        if (ci === e.child) return;
        c.regimes.forEach(function (r) {
          if (pointBackend.holds(r.cond)) {
            html += "<li>" + esc(c.action) + ": " + condHTML(r.cond) + "</li>";
          }
        });
      });
      html += "</ul></details>";
    } else {
      html += "<p>Regime (exact condition):</p><p class='cond'>" + condHTML(e.regime.cond) + "</p>";
      if (e.regime.label) html += "<p class='profile'>" + esc(e.regime.label) + "</p>";
    }
    if (eqs.length > 1) {
      html += "<p class='note'>" + eqs.length + " equilibria hold here (a mover is " +
        "indifferent); the first is shown.</p>";
    }
    el.innerHTML = html;
  }

  function showCredibility() {
    var el = $("credibility");
    if (!D.credibility.length) {
      el.innerHTML = "<p>The model records no commitments (threats or promises).</p>";
      return;
    }
    el.innerHTML = "<table><tr><th>commitment</th><th>credible here?</th><th>exactly when</th></tr>" +
      D.credibility.map(function (c) {
        var ok = ev.holds(conds[c.cond]);
        return "<tr><td>" + esc(c.name) + " <small>(" + esc(c.kind) + ")</small></td><td class='" +
          (ok ? "yes'>✓ credible" : "no'>✗ not credible") + "</td><td>" + condHTML(c.cond) +
          "</td></tr>";
      }).join("") + "</table>";
  }

  /* ------------------------------------------------------------ the tree */
  function drawTree(e) {
    var el = $("tree");
    if (!D.tree) {
      el.innerHTML = "<p>Normal form: " + esc(D.model.players.join(" × ")) + " (" +
        D.actions.map(function (a) { return a.length; }).join(" × ") + " actions). " +
        (e ? "Equilibrium shown: " + esc(e.regime.label) : "") + "</p>";
      return;
    }
    var choice = {}, chosenChild = null;
    if (e) {
      if (D.kind === "split") {
        var S = D.split;
        if (S.mover !== null) { choice[0] = e.child; chosenChild = e.child; }
        var ids = S.children[e.child].nodes;
        e.regime.moves.forEach(function (a, k) { choice[ids[k]] = a; });
      } else {
        e.regime.moves.forEach(function (a, k) { choice[k] = a; });
      }
    }
    var row = 0, items = [], maxDepth = 0;
    function collapsedText(ci) {
      var c = D.split.children[ci];
      for (var k = 0; k < c.regimes.length; k++) {
        if (pointBackend.holds(c.regimes[k].cond)) {
          return "… " + Object.keys(distribution(c.regimes[k], pointBackend)).join(", ");
        }
      }
      return "…";
    }
    function lay(node, depth, onPath, collapsed) {
      maxDepth = Math.max(maxDepth, depth);
      var item = {node: node, depth: depth, onPath: onPath, kids: [], collapsed: collapsed};
      items.push(item);
      if (collapsed !== null || node.t === "o") {
        item.y = row++;
        return item;
      }
      node.kids.forEach(function (k, a) {
        var chosen = node.t === "c" || choice[node.id] === a;
        var coll = null;
        if (depth === 0 && D.kind === "split" && D.split.mover !== null && a !== chosenChild) {
          coll = k.t === "o" ? null : collapsedText(a);
        }
        var kid = lay(k, depth + 1, onPath && chosen, coll);
        kid.action = node.actions[a];
        kid.chosen = node.t === "d" && choice[node.id] === a;
        kid.prob = node.t === "c" ? node.probs[a] : null;
        item.kids.push(kid);
      });
      item.y = (item.kids[0].y + item.kids[item.kids.length - 1].y) / 2;
      return item;
    }
    lay(D.tree, 0, true, null);
    var colW = 190, rowH = 24, padX = 70, padY = 22;
    var width = padX * 2 + colW * maxDepth + 260, height = padY * 2 + rowH * Math.max(row, 1);
    var X = function (it) { return padX + it.depth * colW; };
    var Y = function (it) { return padY + it.y * rowH; };
    var svg = ["<svg width='" + width + "' height='" + height +
      "' viewBox='0 0 " + width + " " + height + "'>"];
    items.forEach(function (it) {
      it.kids.forEach(function (k) {
        var cls = k.onPath ? "edge path" : (k.chosen ? "edge chosen" : "edge");
        svg.push("<path class='" + cls + "' d='M" + X(it) + "," + Y(it) + " L" + (X(it) + 24) +
          "," + Y(k) + " L" + X(k) + "," + Y(k) + "'/>");
        svg.push("<text class='action" + (k.onPath ? " on" : "") + "' x='" + (X(it) + 28) + "' y='" +
          (Y(k) - 4) + "'>" + esc(k.action) + (k.prob ? " (" + k.prob.replace(/<[^>]*>/g, "") + ")" : "") +
          "</text>");
      });
    });
    items.forEach(function (it) {
      var nd = it.node, cx = X(it), cy = Y(it);
      if (it.collapsed !== null) {
        svg.push("<text class='collapsed' x='" + (cx + 6) + "' y='" + (cy + 4) + "'>" +
          esc(it.collapsed) + "</text>");
      } else if (nd.t === "o") {
        svg.push("<circle class='leaf" + (it.onPath ? " on" : "") + "' cx='" + cx + "' cy='" + cy +
          "' r='3'/><text class='leaf" + (it.onPath ? " on" : "") + (statusQuo[nd.label] ? " sq" : "") +
          "' x='" + (cx + 6) + "' y='" + (cy + 4) + "'>" + esc(nd.label) + "</text>");
      } else {
        svg.push("<circle class='" + (nd.t === "c" ? "chance" : "node") + (it.onPath ? " on" : "") +
          "' cx='" + cx + "' cy='" + cy + "' r='5'><title>" + esc(nd.t === "d" ? nd.infoset : "chance") +
          "</title></circle>");
        if (nd.t === "d") {
          svg.push("<text class='player' x='" + (cx - 4) + "' y='" + (cy - 8) + "'>" +
            esc(nd.player) + "</text>");
        }
      }
    });
    svg.push("</svg>");
    el.innerHTML = svg.join("");
  }

  /* ------------------------------------------------------------ python */
  function showPython() {
    var parts = P.map(function (p, i) { return JSON.stringify(p.name) + ": " + raw[i]; });
    var outside = P.some(function (p, i) { return x[i] < p.low || x[i] > p.high; });
    var src = D.model.source;
    var text = "from arbiter.loading import load_model\n\nmodel = load_model(" +
      JSON.stringify(src) + ")\ngame = model.at({" + parts.join(", ") + "}" +
      (outside ? ", extrapolate=True" : "") + ")\n";
    $("python").value = text;
  }

  /* ------------------------------------------------------------ the map */
  var mapPending = false;
  function scheduleMap() {
    if (mapPending) return;
    mapPending = true;
    requestAnimationFrame(function () { mapPending = false; redrawMap(); });
  }

  var palette = ["#d95f02", "#7570b3", "#e7298a", "#1f78b4", "#e6ab02", "#a6761d",
    "#666666", "#fb9a99", "#cab2d6", "#b15928", "#8dd3c7", "#fdb462"];
  var greens = ["#1b9e4b", "#74c476", "#006d2c", "#a1d99b"];
  var colours = {}, colourCount = 0, greenCount = 0;
  function colourOf(key, isStable) {
    var c = colours[key];
    if (c) return c;
    var hex = key === "" ? "#bbbbbb" : isStable ? greens[greenCount++ % greens.length] :
      palette[colourCount++ % palette.length];
    c = colours[key] = {hex: hex, rgb: [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16),
      parseInt(hex.slice(5, 7), 16)], stable: isStable};
    return c;
  }

  function mapPlan(xi, yi) {
    var ratoms = ev.atoms.map(function (a) { return E.restrict(a, x, xi, yi); });
    var constSign = ratoms.map(function (r) {
      if (!r.constant) return null;
      var v = r.value;
      return v === 0 ? 0 : (v > 0 ? 1 : -1);
    });
    // Conditions restricted: null = never, [] = always, else cells of [atom, strict].
    var rconds = conds.map(function (cd) {
      var cells = [];
      for (var c = 0; c < cd.cells.length; c++) {
        var cell = [], dead = false;
        for (var l = 0; l < cd.cells[c].length && !dead; l++) {
          var lit = cd.cells[c][l], s = constSign[lit[0]];
          if (s === null) cell.push(lit);
          else if (!E.litHolds(s, lit[1])) dead = true;
        }
        if (dead) continue;
        if (!cell.length) return [];
        cells.push(cell);
      }
      return cells.length ? cells : null;
    });
    var lists = regimeLists.map(function (list) {
      return list.filter(function (r) { return rconds[r.cond] !== null; });
    });
    var rpolys = {};
    function rpoly(pi) {
      if (!(pi in rpolys)) rpolys[pi] = E.restrict(polys[pi], x, xi, yi);
      return rpolys[pi];
    }
    // The atoms that vary over the map (and matter): their signs decide which regimes hold.
    var used = {};
    lists.forEach(function (list) {
      list.forEach(function (r) {
        (rconds[r.cond] || []).forEach(function (cell) {
          cell.forEach(function (lit) { used[lit[0]] = true; });
        });
      });
    });
    var varying = Object.keys(used).map(Number);
    var sg = new Int8Array(ratoms.length), X = 0, Y = 0;
    var B = {
      holds: function (ci) {
        var cells = rconds[ci];
        if (cells === null) return false;
        if (!cells.length) return true;
        for (var c = 0; c < cells.length; c++) {
          var cell = cells[c], ok = true;
          for (var l = 0; l < cell.length && ok; l++) ok = E.litHolds(sg[cell[l][0]], cell[l][1]);
          if (ok) return true;
        }
        return false;
      },
      val: function (pi) {
        var r = rpoly(pi), s = 0, a = 0;
        for (var t = 0; t < r.c.length; t++) {
          var term = r.c[t] * Math.pow(X, r.ei[t]) * Math.pow(Y, r.ej[t]);
          s += term; a += Math.abs(term);
        }
        return [s, a];
      },
      /* Moves to (u, v); returns the key of the sign vector of the varying atoms. */
      at: function (u, v) {
        X = u; Y = v;
        var pos = 0, zero = 0, key = "";
        for (var q = 0; q < varying.length; q++) {
          var a = varying[q], s = E.sign2(ratoms[a], u, v);
          sg[a] = s;
          if (q < 26) {
            if (s > 0) pos += 1 << q; else if (s === 0) zero += 1 << q;
          } else {
            key += s > 0 ? "+" : s < 0 ? "-" : "0";
          }
        }
        return key === "" ? pos * 67108864 + zero : pos + "," + zero + key;
      }
    };
    return {B: B, lists: lists, rpoly: rpoly, varying: varying.length};
  }

  function redrawMap() {
    var xi = +$("map-x").value, yi = +$("map-y").value, res = +$("map-res").value;
    var canvas = $("map");
    var t0 = performance.now();
    if (xi === yi) {
      $("map-note").textContent = "Choose two different parameters.";
      return;
    }
    canvas.width = res; canvas.height = res;
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(res, res), px = img.data;
    var plan = mapPlan(xi, yi), B = plan.B;
    timings.plan = performance.now() - t0;
    var px0 = P[xi], py0 = P[yi];
    var dx = (px0.high - px0.low) / res, dy = (py0.high - py0.low) / res;
    var seen = {}, memo = new Map(), mover = D.kind === "split" ? D.split.mover : null;
    var vals = new Float64Array(64), scs = new Float64Array(64), mins = [], mscs = [];
    function colourFor(eqs) {
      var ks = {};
      eqs.forEach(function (e) { ks[e.regime.okey] = true; });
      var key = Object.keys(ks).sort().join(" ‖ ");
      seen[key] = true;
      return colours[key] || colourOf(key, eqs.length > 0 && eqs.every(function (e) {
        return stable(distribution(e.regime, B));
      }));
    }
    for (var j = 0; j < res; j++) {
      var Yv = py0.high - (j + 0.5) * dy;
      for (var i = 0; i < res; i++) {
        var Xv = px0.low + (i + 0.5) * dx, sk = B.at(Xv, Yv), m = memo.get(sk), col;
        if (m === undefined) {
          m = {cols: new Map()};
          if (D.kind === "split") {
            var h = held(B, plan.lists);
            m.flat = [];
            h.forEach(function (hc, c) {
              hc.forEach(function (r) {
                m.flat.push({c: c, r: r, p: mover === null ? null : plan.rpoly(r.payoffs[mover])});
              });
            });
          } else {
            m.col = colourFor(solve(B, plan.lists));
          }
          memo.set(sk, m);
        }
        if (m.col) {
          col = m.col;
        } else {
          var flat = m.flat, nf = flat.length, mask = 0, e, c2;
          if (m.mask !== undefined) {
            mask = m.mask;
          } else if (mover === null || nf > 52) {
            mask = -1;
          } else {
            for (c2 = 0; c2 < plan.lists.length; c2++) mins[c2] = NaN;
            var fixed = true;
            for (e = 0; e < nf; e++) {
              var rp = flat[e].p, sv = 0, sa = 0;
              for (var t = 0; t < rp.c.length; t++) {
                var term = rp.c[t] * E.ipow(Xv, rp.ei[t]) * E.ipow(Yv, rp.ej[t]);
                sv += term; sa += term < 0 ? -term : term;
              }
              if (!rp.constant) fixed = false;
              vals[e] = sv; scs[e] = sa;
              c2 = flat[e].c;
              if (!(sv >= mins[c2])) { mins[c2] = sv; mscs[c2] = sa; }
            }
            // The best and second-best worst case over the subtrees.
            var b1 = -Infinity, s1 = 0, c1 = -1, b2 = -Infinity, s2 = 0;
            for (c2 = 0; c2 < mins.length; c2++) {
              var mv = mins[c2];
              if (mv !== mv) continue;
              if (mv > b1) { b2 = b1; s2 = s1; b1 = mv; s1 = mscs[c2]; c1 = c2; }
              else if (mv > b2) { b2 = mv; s2 = mscs[c2]; }
            }
            for (e = 0; e < nf; e++) {
              var other = flat[e].c === c1, best = other ? b2 : b1, bs = other ? s2 : s1;
              if (vals[e] >= best - E.REL * (scs[e] + bs)) mask += Math.pow(2, e);
            }
            if (fixed) m.mask = mask;
          }
          col = m.cols.get(mask);
          if (col === undefined) {
            var eqs = mask === -1 ? choose(flat.reduce(function (acc, f) {
              acc[f.c].push(f.r); return acc;
            }, plan.lists.map(function () { return []; })), B) : flat.filter(function (f, k) {
              return Math.floor(mask / Math.pow(2, k)) % 2 === 1;
            }).map(function (f) { return {regime: f.r, child: f.c}; });
            col = colourFor(eqs);
            m.cols.set(mask, col);
          }
        }
        var o = 4 * (j * res + i);
        px[o] = col.rgb[0]; px[o + 1] = col.rgb[1]; px[o + 2] = col.rgb[2]; px[o + 3] = 255;
      }
    }
    timings.memo = memo.size;
    timings.varying = plan.varying;
    ctx.putImageData(img, 0, 0);
    var dt = performance.now() - t0;
    timings.map.push(dt);
    // The current point.
    var mk = $("marker");
    mk.style.left = (100 * (x[xi] - px0.low) / (px0.high - px0.low)) + "%";
    mk.style.top = (100 * (px0 === py0 ? 0 : (py0.high - x[yi]) / (py0.high - py0.low))) + "%";
    $("map-xlabel").innerHTML = P[xi].html + " from " + fmt(px0.low) + " to " + fmt(px0.high);
    $("map-ylabel").innerHTML = P[yi].html + " from " + fmt(py0.low) + " to " + fmt(py0.high);
    $("map-legend").innerHTML = Object.keys(seen).sort().map(function (k) {
      var c = colours[k];
      var text = k === "" ? (D.kind === "split" ? "no regime" : "no pure equilibrium (mixed: not shown)") :
        k.split(" ‖ ").map(function (part) {
          return part.split("|").map(function (o) { return o.split("@")[0]; }).join(" + ");
        }).join(" or ");
      return "<li><span class='swatch' style='background:" + c.hex + "'></span>" + esc(text) +
        (c.stable ? " <small>(status quo)</small>" : "") + "</li>";
    }).join("");
    $("map-note").textContent = res + " × " + res + " map redrawn in " + dt.toFixed(1) + " ms; " +
      "the other parameters at their current values.";
  }

  /* ------------------------------------------------------------ wiring */
  /* A number as typed: a decimal ("0.1", "1e-3") or a fraction ("1/10", as the model
     files and the defaults write some values); parseFloat alone would read "1/10" as 1. */
  function parseNumber(text) {
    var t = String(text).trim();
    var m = /^([^/]+)\/([^/]+)$/.exec(t);
    if (m) {
      var a = Number(m[1].trim()), b = Number(m[2].trim());
      return b === 0 ? NaN : a / b;
    }
    return t === "" ? NaN : Number(t);
  }

  function setValue(i, text, from) {
    var v = parseNumber(text);
    if (!isFinite(v)) return false;
    x[i] = v; raw[i] = String(text).trim();
    if (from !== "range") $("range-" + i).value = v;
    if (from !== "number") $("num-" + i).value = raw[i];
    return true;
  }

  function build() {
    var box = $("params");
    P.forEach(function (p, i) {
      var step = (p.high - p.low) / 1000 || 0.001;
      var div = document.createElement("div");
      div.className = "param";
      div.innerHTML = "<label for='num-" + i + "' title='" + esc("Source: " + (p.source || "—")) +
        "'><span class='pname math'>" + p.html + "</span> " + esc(p.description || p.name) +
        "</label><div class='inputs'><input type='range' id='range-" + i + "' min='" + p.low +
        "' max='" + p.high + "' step='" + step + "' value='" + p.default +
        "'><input type='number' id='num-" + i + "' step='any' value='" + esc(p.exact.indexOf("/") >= 0 ?
        p.default : p.exact) + "'></div><div class='range'>" + fmt(p.low) + " … " + fmt(p.high) +
        "</div>";
      box.appendChild(div);
      raw[i] = $("num-" + i).value;
      $("range-" + i).addEventListener("input", function (evt) {
        setValue(i, evt.target.value, "range"); update();
      });
      $("num-" + i).addEventListener("input", function (evt) {
        if (setValue(i, evt.target.value, "number")) update();
      });
    });
    ["map-x", "map-y"].forEach(function (id, k) {
      var sel = $(id);
      P.forEach(function (p, i) {
        var o = document.createElement("option");
        o.value = i; o.textContent = p.name + " — " + p.description;
        sel.appendChild(o);
      });
      sel.value = Math.min(k, n - 1);
      sel.addEventListener("change", scheduleMap);
    });
    $("map-res").addEventListener("change", scheduleMap);
    $("reset").addEventListener("click", function () {
      P.forEach(function (p, i) { setValue(i, $("num-" + i).defaultValue, null); });
      update();
    });
    $("copy").addEventListener("click", function () {
      var ta = $("python");
      ta.select();
      var done = function () { $("copied").textContent = "copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(ta.value).then(done, function () {
          $("copied").textContent = "select the text and copy it";
        });
      } else {
        $("copied").textContent = "select the text and copy it";
      }
    });
    update();
  }

  window.arbiterExplorer = {
    data: D,
    timings: timings,
    set: function (name, value) {
      var i = P.findIndex(function (p) { return p.name === name; });
      var el = $("num-" + i);
      el.value = String(value);
      el.dispatchEvent(new Event("input"));
    },
    /* Sets several number boxes at once ({name: text}), then updates once. */
    setPoint: function (values) {
      Object.keys(values).forEach(function (name) {
        var i = P.findIndex(function (p) { return p.name === name; });
        if (i < 0) throw new Error("unknown parameter " + name);
        $("num-" + i).value = String(values[name]);
        setValue(i, String(values[name]), "number");
      });
      update();
    },
    outcomes: function () { return JSON.parse($("outcome").getAttribute("data-outcomes")); },
    redrawMap: redrawMap
  };
  build();
})();
