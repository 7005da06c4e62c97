;; The two hot loops of gradient boosting, in WebAssembly: adding rows' gradients and
;; hessians into a histogram. Source of histogram-kernels-wasm.ts (`npm run build:kernels`
;; in packages/model writes it; a test checks the two agree). See histogram.ts for the
;; layout: every argument is a byte offset into the memory shared by both tree threads.
;;
;; Why WebAssembly: a row adds its (g, h) pair to ~25 bins, one 16-byte load, add and store
;; each with f64x2 (two lanes, each the same IEEE addition as JavaScript's `+=`, so the
;; sums are bit for bit those of a scalar loop), and no bounds checks: several times as fast
;; as the same loop over typed arrays (docs/benchmarks.md, "Histogram kernels").
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Rows start..end-1, in order: hist[bin] += gh[row] for each non-default bin of the row.
  ;; Counts are left alone (the root's are the same for every tree).
  (func (export "addRange")
    (param $rowStart i32) (param $entries i32) (param $gh i32) (param $hist i32)
    (param $start i32) (param $end i32)
    (local $row i32) (local $e i32) (local $last i32) (local $pair v128) (local $at i32)
    (local.set $row (local.get $start))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $pair (v128.load (i32.add (local.get $gh) (i32.shl (local.get $row) (i32.const 4)))))
        (local.set $at (i32.add (local.get $rowStart) (i32.shl (local.get $row) (i32.const 2))))
        (local.set $e (i32.load (local.get $at)))
        (local.set $last (i32.load offset=4 (local.get $at)))
        (block $bins_done
          (loop $bins
            (br_if $bins_done (i32.ge_u (local.get $e) (local.get $last)))
            ;; a histogram bin is [g, h, count]: 24 bytes
            (local.set $at
              (i32.add (local.get $hist)
                (i32.mul
                  (i32.load16_u (i32.add (local.get $entries) (i32.shl (local.get $e) (i32.const 1))))
                  (i32.const 24))))
            (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (local.get $pair)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $bins)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows))))

  ;; The rows listed in rowList[start..end): as addRange, and each bin's count += 1.
  (func (export "addListed")
    (param $rowStart i32) (param $entries i32) (param $gh i32) (param $hist i32)
    (param $rowList i32) (param $start i32) (param $end i32)
    (local $j i32) (local $row i32) (local $e i32) (local $last i32) (local $pair v128)
    (local $at i32)
    (local.set $j (local.get $start))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $row (i32.load (i32.add (local.get $rowList) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $pair (v128.load (i32.add (local.get $gh) (i32.shl (local.get $row) (i32.const 4)))))
        (local.set $at (i32.add (local.get $rowStart) (i32.shl (local.get $row) (i32.const 2))))
        (local.set $e (i32.load (local.get $at)))
        (local.set $last (i32.load offset=4 (local.get $at)))
        (block $bins_done
          (loop $bins
            (br_if $bins_done (i32.ge_u (local.get $e) (local.get $last)))
            (local.set $at
              (i32.add (local.get $hist)
                (i32.mul
                  (i32.load16_u (i32.add (local.get $entries) (i32.shl (local.get $e) (i32.const 1))))
                  (i32.const 24))))
            (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (local.get $pair)))
            (f64.store offset=16 (local.get $at)
              (f64.add (f64.load offset=16 (local.get $at)) (f64.const 1)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $bins)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))))
