"""speech: question text → audio (tts, player), answer audio → disk (recorder, sources), devices
(audio_devices), and transcription (models, asr, live). Import the submodules directly: they pull
in sounddevice, pyttsx3 or faster-whisper, which should load only when used."""
