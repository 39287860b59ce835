; Syntax errors: every ERROR region and every token the parser had to invent.
; polymig reports one `syntax-error` diagnostic per outermost capture.
(ERROR) @error
(MISSING) @missing
