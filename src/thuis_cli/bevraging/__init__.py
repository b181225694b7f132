"""A municipality's own follow-up survey: the questionnaire out (`vragenlijst`), the responses in
(`antwoorden`), weighted to the population (`weging`), aggregated into the canonical long table
(`opvolging`) and compared with 2020 (`verandering`). Respondent rows stay inside this package: only
aggregated, weighted tables leave it."""
