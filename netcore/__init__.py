"""netcore: the analysis library behind the Wellbeing Network Explorer (never imports streamlit).

Data flows one way: load -> validate -> measures -> types -> filter -> views.
"""

from netcore.measures import compute_measures
from netcore.model import Dataset
from netcore.problems import DatasetError, Problem
from netcore.validation import load_dataset

__all__ = ["Dataset", "DatasetError", "Problem", "compute_measures", "load_dataset"]
