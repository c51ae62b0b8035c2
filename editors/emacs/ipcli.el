;;; ipcli.el --- ipcli's language server for plans, in Emacs with eglot  -*- lexical-binding: t; -*-

;; Load it from your init.el:  (load "/path/to/ipcli/editors/emacs/ipcli.el")
;; Emacs 29 and newer have eglot built in; on Emacs 28 (Debian 12) install it first:
;; apt install elpa-eglot elpa-yaml-mode.
;;
;; A YAML file in a plans repository (a folder holding ipcli.toml, found upward from the file)
;; starts `ipcli lsp`, one server per repository shared by every plan opened in it; YAML files
;; elsewhere get no server, and the server itself answers only the files ipcli.toml names as
;; plans (not docker-compose.yml beside them).  Findings show through flymake, hover through
;; eldoc, completion through completion-at-point.
;;
;; To try it with a fixed date, use ("ipcli" "lsp" "--today" "2026-11-23") below.
;; With yaml-language-server as well, turn its validation off for plans (see the README).

;;; Code:

(require 'cl-lib)
(require 'project)
(require 'eglot)

(defun ipcli-project (dir)
  "The plans repository holding DIR (the folder with ipcli.toml), asked by eglot only.
Eglot keeps one server per project: this makes the project the plans repository, so
every plan in it shares one server.  Other lookups (project-find-file and the like) are
left to the usual project functions."
  (when (bound-and-true-p eglot-lsp-context)
    (let ((root (locate-dominating-file dir "ipcli.toml")))
      (when root
        (cons 'ipcli (file-name-as-directory (expand-file-name root)))))))

(cl-defmethod project-root ((project (head ipcli)))
  (cdr project))

(add-hook 'project-find-functions #'ipcli-project)

(add-to-list 'eglot-server-programs '((yaml-mode yaml-ts-mode) . ("ipcli" "lsp")))

(defun ipcli-ensure ()
  "Start or join the repository's ipcli server for a YAML file in a plans repository."
  (when (and buffer-file-name (locate-dominating-file buffer-file-name "ipcli.toml"))
    (eglot-ensure)))

(add-hook 'yaml-mode-hook #'ipcli-ensure)
(add-hook 'yaml-ts-mode-hook #'ipcli-ensure)

(provide 'ipcli)
;;; ipcli.el ends here
