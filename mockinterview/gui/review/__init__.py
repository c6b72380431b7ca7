"""Widgets of the review pages: waveform, word-highlighting transcript, trend chart, tags, rating,
and the playback controller shared by a replay page's players."""
