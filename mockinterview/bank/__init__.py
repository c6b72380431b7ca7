"""The question bank: packs, topic vocabulary and job profiles (load, validate, select, count)."""

from mockinterview.bank.loader import Bank, load_bank, read_bank, validate_paths
from mockinterview.bank.models import ROUNDS, JobProfile, Question, Topic
from mockinterview.bank.problems import BankError, Problem
from mockinterview.bank.select import select_questions
from mockinterview.bank.stats import bank_stats

__all__ = [
    "ROUNDS",
    "Bank",
    "BankError",
    "JobProfile",
    "Problem",
    "Question",
    "Topic",
    "bank_stats",
    "load_bank",
    "read_bank",
    "select_questions",
    "validate_paths",
]
