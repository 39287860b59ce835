CREATE INDEX b_note_idx ON b (note);
