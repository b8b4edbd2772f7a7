"""Reading scanned notices: page images → text by OCR, with the engine's confidence per page.

``images`` turns a received file (JPEG, PNG, TIFF, a scanned PDF, a zip of page
images) into bounded page images; ``engine`` reads one page with RapidOCR
(PP-OCR models inside the ``rapidocr_onnxruntime`` wheel, run by onnxruntime,
nothing downloaded); ``layout`` orders the recognised lines (columns,
indents) and joins the pages into paragraphs without page numbers and running
headers. OCR is slow: it runs in the ingest worker or a command, never in a
web request.
"""
