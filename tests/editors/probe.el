;;; probe.el --- run by tests/test_editors.py in `emacs --batch`  -*- lexical-binding: t; -*-

;; Loads the set-up named by PROBE_CONFIG (editors/emacs/ipcli.el), opens the files named in
;; PROBE_FILES (one a line) in order, waits (with a deadline) until every plan among them
;; (PROBE_PLANS) has flymake diagnostics, then a little longer for anything late, and writes what
;; the editor shows to PROBE_OUT as JSON: each file's major mode, eglot server and diagnostics,
;; and the number of eglot servers.  Always exits, also after an error.
;;
;; Batch mode has no command loop: what Emacs does after a command (eglot-ensure connects in
;; post-command-hook, flymake checks a buffer when it is shown) is done here by hand.

;;; Code:

(require 'json)
(require 'cl-lib)

;; The major mode for YAML: Debian's elpa-yaml-mode (or MELPA's yaml-mode) when installed; else
;; a stand-in made here, so that the set-up's yaml-mode hook still runs (tests only).
(defvar probe-yaml-mode "yaml-mode")
(unless (require 'yaml-mode nil t)
  (setq probe-yaml-mode "stand-in")
  (define-derived-mode yaml-mode text-mode "YAML" "A stand-in for yaml-mode (tests only).")
  (add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode)))

(defun probe--lines (name)
  (let ((value (getenv name)))
    (if (or (null value) (string= value "")) nil (split-string value "\n"))))

(defun probe--servers ()
  (let (all)
    (when (boundp 'eglot--servers-by-project)  ; not when eglot could not be loaded
      (maphash (lambda (_project servers) (setq all (append servers all))) eglot--servers-by-project))
    all))

(defun probe--after-command (buffers)
  (dolist (buffer buffers)
    (with-current-buffer buffer
      (run-hooks 'post-command-hook)
      (when (and (bound-and-true-p flymake-mode) (null (flymake-diagnostics)))
        (flymake-start nil t)))))

(defun probe--file (buffer)
  (with-current-buffer buffer
    (let ((server (and (fboundp 'eglot-current-server) (eglot-current-server))))
      `((mode . ,(symbol-name major-mode))
        (server . ,(and server (project-root (eglot--project server))))
        (diagnostics
         . ,(vconcat
             (mapcar (lambda (d)
                       `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                         (type . ,(symbol-name (flymake-diagnostic-type d)))
                         (message . ,(flymake-diagnostic-text d))))
                     (and (bound-and-true-p flymake-mode) (flymake-diagnostics)))))))))

(defun probe ()
  (load (getenv "PROBE_CONFIG") nil t)
  ;; The files open one after another, as a person opens them: each waits until its server has
  ;; answered.  (Eglot waits 3 s by default, then goes on; on a very busy machine a second file of
  ;; the same repository, opened within those seconds, started a second server.)
  (setq eglot-sync-connect t)
  (let* ((plans (probe--lines "PROBE_PLANS"))
         (files (probe--lines "PROBE_FILES"))
         (deadline (+ (float-time) (/ (string-to-number (or (getenv "PROBE_WAIT_MS") "20000")) 1000.0)))
         (buffers (mapcar #'find-file-noselect files))
         (ready (lambda ()
                  (cl-every (lambda (file)
                              (with-current-buffer (get-file-buffer file)
                                (and (bound-and-true-p flymake-mode) (flymake-diagnostics))))
                            plans))))
    (probe--after-command buffers)
    (while (and (< (float-time) deadline) (not (funcall ready)))
      (accept-process-output nil 0.05)
      (probe--after-command buffers))
    (let ((done (funcall ready))
          (late (+ (float-time) 0.4)))  ; the server's debounce: anything late for the other files
      (while (< (float-time) late)
        (accept-process-output nil 0.05)
        (probe--after-command buffers))
      `((ready . ,(if done t json-false))
        (yaml . ,probe-yaml-mode)
        (servers . ,(length (probe--servers)))
        (files . ,(cl-mapcar (lambda (file buffer) (cons file (probe--file buffer))) files buffers))))))

(let ((result (condition-case err (probe) (error `((error . ,(error-message-string err)))))))
  (with-temp-file (getenv "PROBE_OUT")
    (insert (json-encode result)))
  (dolist (server (probe--servers))
    (ignore-errors (eglot-shutdown server nil 2)))
  (kill-emacs 0))
;;; probe.el ends here
