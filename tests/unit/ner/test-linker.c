/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-linker.c: normalised keys, acronyms, partial person names, spelling
 * variants, and the cases that must never merge, with hand-made spans (no
 * model). The last tests put the linker's keys through a real store. */
#include "config.h"

#include <string.h>

#include "dossier-linker.h"
#include "dossier-store.h"

/* ---------------------------------------------------------- normalise -- */

static const struct { const char *name; const char *norm; } norms[] = {
  { "Edi Rama", "edi rama" },
  { "EDI RAMA", "edi rama" },
  { "Durrës", "durres" },
  { "Durres", "durres" },
  { "Łódź", "lodz" },
  { "Jean-Paul Sartre", "jean paul sartre" },
  { "Jean–Paul Sartre", "jean paul sartre" },
  { "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran" },
  { "People’s Mojahedin Organization of Iran", "peoples mojahedin organization of iran" },
  { "the European Union", "european union" },
  { "The Guardian", "guardian" },
  { "Rama's", "rama" },
  { "Rama’s", "rama" },
  { "Reuters'", "reuters" },
  { "U.S.", "us" },
  { "O'Brien", "obrien" },
  { "Straße", "strasse" },
  { "  Tirana  ", "tirana" },
  { "—", "" },
  { "the", "the" },
};

static void
test_linker_normalize (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (norms); i++)
    {
      g_autofree char *norm = dossier_linker_normalize (norms[i].name);

      g_assert_cmpstr (norm, ==, norms[i].norm);
    }
}

static const struct { const char *a; const char *b; gboolean similar; } variants[] = {
  { "mojahedin", "mujahedin", TRUE },
  { "mojahedin", "mujahedeen", TRUE },
  { "mujahedin", "mujahideen", TRUE },
  { "peoples mojahedin organization of iran", "peoples mujahedin organization of iran", TRUE },
  { "saddam hussein", "saddam husain", TRUE },
  /* must not merge */
  { "maria lopez", "mario lopez", FALSE },
  { "mohammed ali", "mahmoud ali", FALSE },
  { "rama", "roma", FALSE },                 /* too short for loose matching */
  { "edi rama", "ilir rama", FALSE },
  { "stevens", "stephens", FALSE },
  { "austria", "australia", FALSE },
  { "iran", "iraq", FALSE },
  { "john smith", "jon smith", FALSE },       /* short: only exact keys */
};

static void
test_linker_similar (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    if (dossier_linker_similar (variants[i].a, variants[i].b) != variants[i].similar)
      g_error ("“%s” / “%s”: similar should be %d", variants[i].a, variants[i].b, variants[i].similar);
}

/* ------------------------------------------------------------ linking -- */

typedef struct {
  const char        *surface;    /* the text of the span */
  guint              nth;        /* which occurrence, from 0 */
  DossierEntityType  type;
} SpanSpec;

typedef struct {
  const char        *surface;
  guint              nth;
  DossierEntityType  type;
  const char        *name;
  const char        *key;
  const char        *has_alias;   /* nullable */
  const char        *lacks_alias; /* nullable: must not be an alias */
} Expect;

typedef struct {
  const char *what;
  const char *text;
  SpanSpec    spans[8];
  Expect      expect[8];
} LinkCase;

#define P DOSSIER_ENTITY_PERSON
#define O DOSSIER_ENTITY_ORGANIZATION
#define L DOSSIER_ENTITY_PLACE
#define M DOSSIER_ENTITY_MISC

static const LinkCase link_cases[] = {
  { "surname after a full name",
    "Prime Minister Edi Rama spoke in Tirana. Rama said Albania would respond.",
    { { "Edi Rama", 0, P }, { "Tirana", 0, L }, { "Rama", 1, P }, { "Albania", 0, L } },
    { { "Rama", 1, P, "Edi Rama", "edi rama", NULL, "rama" },
      { "Edi Rama", 0, P, "Edi Rama", "edi rama", NULL, "rama" },
      { "Tirana", 0, L, "Tirana", "tirana", NULL, NULL } } },
  { "surname typed as organization by the tagger",
    "Edi Rama won. Later Rama's party celebrated.",
    { { "Edi Rama", 0, P }, { "Rama's", 0, O } },
    { { "Rama's", 0, P, "Edi Rama", "edi rama", NULL, NULL } } },
  { "middle name dropped",
    "Hillary Rodham Clinton arrived. Rodham Clinton and Clinton spoke.",
    { { "Hillary Rodham Clinton", 0, P }, { "Rodham Clinton", 1, P }, { "Clinton", 2, P } },
    { { "Rodham Clinton", 1, P, "Hillary Rodham Clinton", "hillary rodham clinton", NULL, "rodham clinton" },
      { "Clinton", 2, P, "Hillary Rodham Clinton", "hillary rodham clinton", NULL, "clinton" } } },
  { "two people with one surname: the nearest full name before wins",
    "Bill Clinton met Hillary Clinton. Clinton said no.",
    { { "Bill Clinton", 0, P }, { "Hillary Clinton", 0, P }, { "Clinton", 2, P } },
    { { "Clinton", 2, P, "Hillary Clinton", "hillary clinton", NULL, NULL },
      { "Bill Clinton", 0, P, "Bill Clinton", "bill clinton", NULL, NULL } } },
  { "lone surname keeps its own key",
    "Rama did not answer questions.",
    { { "Rama", 0, P } },
    { { "Rama", 0, P, "Rama", "rama", NULL, NULL } } },
  { "a surname never links a place or an organization of many words",
    "Edi Rama visited Rama Street Bank.",
    { { "Edi Rama", 0, P }, { "Rama Street Bank", 0, O } },
    { { "Rama Street Bank", 0, O, "Rama Street Bank", "rama street bank", NULL, NULL } } },
  { "acronym in parentheses after the long form",
    "The People's Mojahedin Organization of Iran (MEK) runs a camp. The MEK denies it.",
    { { "People's Mojahedin Organization of Iran", 0, O }, { "MEK", 0, O }, { "MEK", 1, O } },
    { { "MEK", 1, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", "mek", NULL },
      { "People's Mojahedin Organization of Iran", 0, O, "People's Mojahedin Organization of Iran",
        "peoples mojahedin organization of iran", "mek", NULL } } },
  { "acronym first, long form in parentheses",
    "The MEK (the People's Mojahedin Organization of Iran) moved. MEK members left.",
    { { "MEK", 0, O }, { "People's Mojahedin Organization of Iran", 0, O }, { "MEK", 1, O } },
    { { "MEK", 0, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", "mek", NULL },
      { "MEK", 1, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", "mek", NULL } } },
  { "acronym the tagger missed later on becomes a mention",
    "The Islamic Revolutionary Guard Corps (IRGC) denied it. Analysts blame the IRGC.",
    { { "Islamic Revolutionary Guard Corps", 0, O } },
    { { "IRGC", 1, O, "Islamic Revolutionary Guard Corps", "islamic revolutionary guard corps", "irgc", NULL } } },
  { "known as",
    "The Mujahedin-e Khalq, also known as the MEK, was founded in 1965. The MEK disagrees.",
    { { "Mujahedin-e Khalq", 0, O }, { "MEK", 0, O }, { "MEK", 1, O } },
    { { "MEK", 1, O, "Mujahedin-e Khalq", "mujahedin e khalq", "mek", NULL } } },
  { "aka",
    "Islamic State, aka ISIS, claimed the attack. ISIS said so.",
    { { "Islamic State", 0, O }, { "ISIS", 0, O }, { "ISIS", 1, O } },
    { { "ISIS", 1, O, "Islamic State", "islamic state", "isis", NULL } } },
  { "spelling variants in one document",
    "The Mojahedin left Iraq. Critics of the Mujahedeen say otherwise.",
    { { "Mojahedin", 0, O }, { "Mujahedeen", 0, O } },
    { { "Mujahedeen", 0, O, "Mojahedin", "mojahedin", "mujahedeen", NULL },
      { "Mojahedin", 0, O, "Mojahedin", "mojahedin", "~mVjVhVdVn", NULL } } },
  { "case, diacritics, possessive and 'the' join",
    "Durrës is a port. The port of DURRES grew. Durres's mayor spoke.",
    { { "Durrës", 0, L }, { "DURRES", 0, L }, { "Durres's", 0, L } },
    { { "DURRES", 0, L, "Durrës", "durres", NULL, NULL },
      { "Durres's", 0, L, "Durrës", "durres", NULL, NULL } } },
  { "a headline in capitals does not name the entity",
    "ROMANIA BEAT LITHUANIA. Romania beat Lithuania 2-1 on Wednesday.",
    { { "ROMANIA", 0, L }, { "Romania", 0, L } },
    { { "ROMANIA", 0, L, "Romania", "romania", NULL, NULL } } },
  { "a place named like a person stays a place",
    "Denzel Washington flew to Washington on Monday.",
    { { "Denzel Washington", 0, P }, { "Washington", 1, L } },
    { { "Washington", 1, L, "Washington", "washington", NULL, NULL } } },
  { "a surname the tagger took for a place, with a speech verb",
    "Edi Rama won again. Rama said he was grateful, and Mr. Rama left.",
    { { "Edi Rama", 0, P }, { "Rama", 1, L }, { "Rama", 2, L } },
    { { "Rama", 1, P, "Edi Rama", "edi rama", NULL, NULL },
      { "Rama", 2, P, "Edi Rama", "edi rama", NULL, NULL } } },
  { "a one-word name before parentheses defines no acronym",
    "Officials in Iran (MEK) said so. The MEK denied it.",
    { { "Iran", 0, L }, { "MEK", 1, O } },
    { { "MEK", 1, O, "MEK", "mek", NULL, NULL },
      { "Iran", 0, L, "Iran", "iran", NULL, "mek" } } },
  { "same name, different types stay apart",
    "Jordan said Jordan would help.",
    { { "Jordan", 0, P }, { "Jordan", 1, L } },
    { { "Jordan", 0, P, "Jordan", "jordan", NULL, NULL },
      { "Jordan", 1, L, "Jordan", "jordan", NULL, NULL } } },
  { "short variant names do not merge",
    "Maria Lopez met Mario Lopez.",
    { { "Maria Lopez", 0, P }, { "Mario Lopez", 0, P } },
    { { "Maria Lopez", 0, P, "Maria Lopez", "maria lopez", NULL, "mario lopez" },
      { "Mario Lopez", 0, P, "Mario Lopez", "mario lopez", NULL, "maria lopez" } } },
};

static void
spec_to_span (const char     *text,
              const char     *surface,
              guint           nth,
              guint          *start,
              guint          *end)
{
  const char *p = text;

  for (guint i = 0; ; i++)
    {
      p = strstr (p, surface);
      g_assert_nonnull (p);
      if (i == nth)
        break;
      p += strlen (surface);
    }
  *start = g_utf8_pointer_to_offset (text, p);
  *end = *start + g_utf8_strlen (surface, -1);
}

static gboolean
has_alias (const DossierSpan *span,
           const char        *alias)
{
  return span->aliases != NULL && g_strv_contains ((const char * const *) span->aliases, alias);
}

static GArray *
link_spans (const char     *text,
            const SpanSpec *specs)
{
  GArray *spans = g_array_new (FALSE, TRUE, sizeof (DossierSpan));

  g_array_set_clear_func (spans, (GDestroyNotify) dossier_span_clear);
  for (guint i = 0; i < 8 && specs[i].surface != NULL; i++)
    {
      DossierSpan span = { 0 };

      spec_to_span (text, specs[i].surface, specs[i].nth, &span.start, &span.end);
      span.type = specs[i].type;
      g_array_append_val (spans, span);
    }
  dossier_linker_link (spans, text);
  return spans;
}

static void
test_linker_cases (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (link_cases); c++)
    {
      const LinkCase *k = &link_cases[c];
      g_autoptr(GArray) spans = link_spans (k->text, k->spans);

      for (guint e = 0; e < 8 && k->expect[e].surface != NULL; e++)
        {
          const Expect *x = &k->expect[e];
          DossierSpan *found = NULL;
          guint start, end;

          spec_to_span (k->text, x->surface, x->nth, &start, &end);
          for (guint i = 0; i < spans->len; i++)
            if (g_array_index (spans, DossierSpan, i).start == start &&
                g_array_index (spans, DossierSpan, i).end == end)
              found = &g_array_index (spans, DossierSpan, i);
          if (found == NULL)
            g_error ("%s: no span for “%s”", k->what, x->surface);
          if (g_strcmp0 (found->name, x->name) != 0 || g_strcmp0 (found->key, x->key) != 0 ||
              found->type != x->type)
            g_error ("%s: “%s” linked as “%s” / “%s” (type %d), want “%s” / “%s” (type %d)", k->what,
                     x->surface, found->name, found->key, found->type, x->name, x->key, x->type);
          if (x->has_alias != NULL && !has_alias (found, x->has_alias))
            g_error ("%s: “%s” lacks alias “%s”", k->what, x->surface, x->has_alias);
          if (x->lacks_alias != NULL && has_alias (found, x->lacks_alias))
            g_error ("%s: “%s” must not have alias “%s”", k->what, x->surface, x->lacks_alias);
          g_assert_cmpstr (found->text, ==, x->surface);
        }
    }
}

static void
test_linker_bad_spans (void)
{
  const char *text = "Edi Rama — ' — and \xff Tirana";
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (DossierSpan));
  DossierSpan dash = { 9, 10, DOSSIER_ENTITY_MISC };
  DossierSpan outside = { 100, 120, DOSSIER_ENTITY_PLACE };
  DossierSpan empty = { 3, 3, DOSSIER_ENTITY_PERSON };
  DossierSpan tirana = { 21, 27, DOSSIER_ENTITY_PLACE };

  g_array_set_clear_func (spans, (GDestroyNotify) dossier_span_clear);
  g_array_append_val (spans, outside);
  g_array_append_val (spans, dash);
  g_array_append_val (spans, empty);
  g_array_append_val (spans, tirana);
  dossier_linker_link (spans, text);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpstr (g_array_index (spans, DossierSpan, 0).text, ==, "Tirana");
  g_assert_cmpstr (g_array_index (spans, DossierSpan, 0).key, ==, "tirana");
}

/* --------------------------------------------------- through the store -- */

typedef struct {
  const char *text;
  SpanSpec    spans[4];
} Doc;

static gint64
store_doc (DossierStore *store,
           const Doc    *doc,
           guint         n)
{
  g_autoptr(DossierDocument) d = dossier_document_new ();
  g_autoptr(GArray) spans = link_spans (doc->text, doc->spans);
  g_autofree DossierMentionInput *inputs = g_new0 (DossierMentionInput, spans->len + 1);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  d->uid = g_strdup_printf ("test:%u", n);
  d->title = g_strdup_printf ("Document %u", n);
  d->text = g_strdup (doc->text);
  g_assert_true (dossier_store_add_document (store, d, FALSE, NULL, &id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i);

      inputs[i] = (DossierMentionInput) { s->start, s->end, s->type, s->name, s->key,
                                          (const char * const *) s->aliases, s->value };
    }
  g_assert_true (dossier_store_set_auto_mentions (store, id, inputs, spans->len, &error));
  g_assert_no_error (error);
  return id;
}

/* The entity of the first mention of `surface` in a stored document. */
static gint64
entity_of (DossierStore *store,
           gint64        doc_id,
           const char   *text,
           const char   *surface)
{
  g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (store, doc_id, 0, NULL);
  guint start, end;

  spec_to_span (text, surface, 0, &start, &end);
  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *m = g_ptr_array_index (mentions, i);

      if (m->start == start && m->end == end)
        return m->entity_id;
    }
  g_error ("no mention of “%s”", surface);
  return 0;
}

static const Doc library[] = {
  { "Edi Rama spoke. Rama smiled.", { { "Edi Rama", 0, P }, { "Rama", 1, P } } },
  { "Ilir Rama, a farmer, spoke. Rama was angry.", { { "Ilir Rama", 0, P }, { "Rama", 1, P } } },
  { "Rama did not comment.", { { "Rama", 0, P } } },
  { "The Mojahedin were moved to Albania.", { { "Mojahedin", 0, O } } },
  { "Critics of the Mujahedeen disagree.", { { "Mujahedeen", 0, O } } },
  { "The People's Mojahedin Organization of Iran (MEK) denies it.",
    { { "People's Mojahedin Organization of Iran", 0, O }, { "MEK", 0, O } } },
  { "MEK supporters rallied in Paris.", { { "MEK", 0, O }, { "Paris", 0, L } } },
  { "EDI RAMA and Durrës.", { { "EDI RAMA", 0, P }, { "Durrës", 0, L } } },
};

static void
test_linker_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (":memory:", &error);
  gint64 ids[G_N_ELEMENTS (library)];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (library); i++)
    ids[i] = store_doc (store, &library[i], i);

  /* Edi Rama in two documents is one entity; Ilir Rama is another; a lone
   * "Rama" elsewhere is neither. */
  g_assert_cmpint (entity_of (store, ids[0], library[0].text, "Edi Rama"), ==,
                   entity_of (store, ids[7], library[7].text, "EDI RAMA"));
  g_assert_cmpint (entity_of (store, ids[0], library[0].text, "Edi Rama"), !=,
                   entity_of (store, ids[1], library[1].text, "Ilir Rama"));
  g_assert_cmpint (entity_of (store, ids[2], library[2].text, "Rama"), !=,
                   entity_of (store, ids[0], library[0].text, "Edi Rama"));
  g_assert_cmpint (entity_of (store, ids[2], library[2].text, "Rama"), !=,
                   entity_of (store, ids[1], library[1].text, "Ilir Rama"));

  /* Transliterations meet through the skeleton key; the acronym defined in
   * one document links a bare "MEK" in another. */
  g_assert_cmpint (entity_of (store, ids[3], library[3].text, "Mojahedin"), ==,
                   entity_of (store, ids[4], library[4].text, "Mujahedeen"));
  g_assert_cmpint (entity_of (store, ids[5], library[5].text, "People's Mojahedin Organization of Iran"), ==,
                   entity_of (store, ids[6], library[6].text, "MEK"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/linker/normalize", test_linker_normalize);
  g_test_add_func ("/linker/similar", test_linker_similar);
  g_test_add_func ("/linker/cases", test_linker_cases);
  g_test_add_func ("/linker/bad-spans", test_linker_bad_spans);
  g_test_add_func ("/linker/library", test_linker_library);
  return g_test_run ();
}
