"""Follow-up resolution on its own (no model, no index)."""

from qa_service.abbrev import AbbreviationTable
from qa_service.chat import Turn, resolve


def test_it_means_the_code_named_in_the_clause_that_answered():
    question = "Which receptor mainly mediates the recruitment of Tregs?"
    reply = (
        "Among them, CCR1, CCR2, and CCR5 promote the recruitment of TAMs in the TME, and CCR4 mainly mediates "
        "the recruitment of Tregs, indicating that CC chemokines can be targets. [1]"
    )
    history = [Turn("user", question), Turn("assistant", reply)]
    resolved = resolve("Is there a drug that blocks it?", history, AbbreviationTable())
    assert resolved.query == f"Is there a drug that blocks it? ({question} CCR4)"


def test_it_means_the_first_code_when_one_clause_names_them():
    question = "Which chemokine recruits Tregs?"
    history = [Turn("user", question), Turn("assistant", "CCL5 and CCL22 recruit Tregs to the tumor. [1]")]
    assert resolve("How does it do that?", history, AbbreviationTable()).query.endswith("CCL5)")


def test_thanks_or_hello_is_not_a_followup_but_a_short_question_or_subject_is():
    history = [Turn("user", "What do regulatory T cells secrete?"), Turn("assistant", "IL-10 … [1]")]
    for message in ["Thanks!", "ok", "Thanks for that!", "Hello"]:
        assert resolve(message, history, AbbreviationTable()).context == "", message
    for message in ["Why?", "Tell me more", "And?", "in mice", "TAMs"]:
        assert resolve(message, history, AbbreviationTable()).context == "What do regulatory T cells secrete?", message


def test_the_last_item_of_a_list_is_not_a_clause_of_its_own():
    question = "Which chemokine recruits Tregs?"
    reply = "CCL5, CCL17, and CCL22 recruit Tregs to the tumor. [1]"
    history = [Turn("user", question), Turn("assistant", reply)]
    assert resolve("How does it do that?", history, AbbreviationTable()).query.endswith("CCL5)")


def test_a_short_question_naming_a_topic_of_its_own_starts_afresh():
    history = [Turn("user", "What do regulatory T cells secrete?"), Turn("assistant", "IL-10 … [1]")]
    for message in ["What is anoikis?", "What are platelets?", "Define angiogenesis.", "Tell me about MAFs"]:
        resolved = resolve(message, history, AbbreviationTable())
        assert (resolved.query, resolved.context) == (message, ""), message
    # Common words name no topic of their own: these still lean on the conversation.
    for message in ["What are the risks?", "What is the prognosis?", "What is it?", "In which cancers?"]:
        assert resolve(message, history, AbbreviationTable()).context == "What do regulatory T cells secrete?", message
