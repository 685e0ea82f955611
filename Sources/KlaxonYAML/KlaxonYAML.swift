// Placeholder: libyaml-backed loader arrives with its own files.
internal import CYAML
