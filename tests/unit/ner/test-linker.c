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
  /* Alias patterns: each with a case that must not merge next to it. */
  { "better known as, after an apposition",
    "The People's Mojahedin Organization of Iran, the exiled group better known as the MEK, has a camp.",
    { { "People's Mojahedin Organization of Iran", 0, O }, { "MEK", 0, O } },
    { { "MEK", 0, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", "mek", NULL } } },
  { "known as inside a relative clause is no alias",
    "Edi Rama, whose party is better known as the PS, spoke.",
    { { "Edi Rama", 0, P }, { "PS", 0, O } },
    { { "PS", 0, O, "PS", "ps", NULL, NULL },
      { "Edi Rama", 0, P, "Edi Rama", "edi rama", NULL, "ps" } } },
  { "X, or Y: two names of one organization",
    "The group was the *Mojahedin-e Khalq*, or People's Mojahedin Organization of Iran. It left.",
    { { "Mojahedin-e Khalq", 0, O }, { "People's Mojahedin Organization of Iran", 0, O } },
    { { "Mojahedin-e Khalq", 0, O, "People's Mojahedin Organization of Iran",
        "peoples mojahedin organization of iran", "mojahedin e khalq", NULL } } },
  { "a list ending in 'or' is no apposition",
    "Oxfam, Amnesty International, or Human Rights Watch, objected.",
    { { "Oxfam", 0, O }, { "Amnesty International", 0, O }, { "Human Rights Watch", 0, O } },
    { { "Human Rights Watch", 0, O, "Human Rights Watch", "human rights watch", NULL, NULL },
      { "Amnesty International", 0, O, "Amnesty International", "amnesty international", NULL, "human rights watch" } } },
  { "X (the Y)",
    "The Mujahedin-e Khalq (the People's Mojahedin) moved to Albania.",
    { { "Mujahedin-e Khalq", 0, O }, { "People's Mojahedin", 0, O } },
    { { "People's Mojahedin", 0, O, "Mujahedin-e Khalq", "mujahedin e khalq", "peoples mojahedin", NULL } } },
  { "a name in parentheses without 'the' is no alias",
    "Edi Rama (Socialist Party) spoke.",
    { { "Edi Rama", 0, P }, { "Socialist Party", 0, O } },
    { { "Socialist Party", 0, O, "Socialist Party", "socialist party", NULL, NULL } } },
  /* Acronyms by initials */
  { "acronym spelled by the initials, particle counted",
    "The Mujahedin-e Khalq runs a camp. The MEK denies it.",
    { { "Mujahedin-e Khalq", 0, O }, { "MEK", 0, O } },
    { { "MEK", 0, O, "Mujahedin-e Khalq", "mujahedin e khalq", "mek", NULL } } },
  { "acronym joined by 'or', function words skipped",
    "The People's Mojahedin Organization of Iran or PMOI left Iraq.",
    { { "People's Mojahedin Organization of Iran", 0, O }, { "PMOI", 0, O }, { "Iraq", 0, L } },
    { { "PMOI", 0, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", "pmoi", NULL } } },
  { "initials of two different names: ambiguous, no link",
    "The European Union and the Estonian Unity party met. The EU said so.",
    { { "European Union", 0, O }, { "Estonian Unity", 0, O }, { "EU", 0, O } },
    { { "EU", 0, O, "EU", "eu", NULL, NULL } } },
  { "initials never link a person",
    "Edi Rama met ER officials.",
    { { "Edi Rama", 0, P }, { "ER", 0, O } },
    { { "ER", 0, O, "ER", "er", NULL, NULL } } },
  /* Shorter forms of an organization */
  { "a distinctive part of an earlier organization name",
    "The People's Mojahedin Organization of Iran left Iraq. Iran calls the Mojahedin terrorists.",
    { { "People's Mojahedin Organization of Iran", 0, O }, { "Iraq", 0, L }, { "Iran", 1, L }, { "Mojahedin", 0, O } },
    { { "Mojahedin", 0, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", NULL, "mojahedin" },
      { "Iran", 1, L, "Iran", "iran", NULL, NULL } } },
  { "the name with the word as written beats a spelling variant",
    "The Mujahedin-e Khalq camp, the political wing of the People's Mojahedin Organization of Iran. The Mojahedin left.",
    { { "Mujahedin-e Khalq", 0, O }, { "People's Mojahedin Organization of Iran", 0, O }, { "Mojahedin", 1, O } },
    { { "Mojahedin", 1, O, "People's Mojahedin Organization of Iran", "peoples mojahedin organization of iran", NULL, NULL } } },
  { "two earlier names with the word as written: ambiguous, alone",
    "The Mojahedin Party and the People's Mojahedin Organization of Iran met. The Mojahedin left.",
    { { "Mojahedin Party", 0, O }, { "People's Mojahedin Organization of Iran", 0, O }, { "Mojahedin", 2, O } },
    { { "Mojahedin", 2, O, "Mojahedin", "mojahedin", NULL, NULL } } },
  { "a generic word of an earlier name stays apart",
    "The Ministry of Intelligence and Security spoke. The Ministry denied it.",
    { { "Ministry of Intelligence and Security", 0, O }, { "Ministry", 1, O } },
    { { "Ministry", 1, O, "Ministry", "ministry", NULL, NULL } } },
  /* First names */
  { "a first name alone is the one full name it starts",
    "From the Shah to Saddam. Saddam Hussein gave them a base.",
    { { "Saddam", 0, P }, { "Saddam Hussein", 0, P } },
    { { "Saddam", 0, P, "Saddam Hussein", "saddam hussein", NULL, "saddam" } } },
  { "a first name two people share stays alone",
    "Ali Khamenei met Ali Larijani. Ali said no.",
    { { "Ali Khamenei", 0, P }, { "Ali Larijani", 0, P }, { "Ali", 2, P } },
    { { "Ali", 2, P, "Ali", "ali", NULL, NULL } } },
  /* One type per group */
  { "the tagger's place for an organization's long name is outvoted",
    "The Mujahedin-e Khalq camp is near Durres. The MEK said the MEK would stay.",
    { { "Mujahedin-e Khalq", 0, L }, { "Durres", 0, L }, { "MEK", 0, O }, { "MEK", 1, O } },
    { { "Mujahedin-e Khalq", 0, O, "Mujahedin-e Khalq", "mujahedin e khalq", "mek", NULL },
      { "Durres", 0, L, "Durres", "durres", NULL, NULL } } },
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

/* -------------------------------------------------------- span repair -- */

typedef struct {
  const char *what;
  const char *text;
  SpanSpec    spans[4];
  const char *joined[4];   /* the span texts after repair, by start */
  DossierEntityType first_type;
} RepairCase;

static const RepairCase repair_cases[] = {
  { "possessive inside a name",
    "The People's Mojahedin Organization of Iran left.",
    { { "People", 0, O }, { "Mojahedin Organization of Iran", 0, O } },
    { "People's Mojahedin Organization of Iran" }, O },
  { "a possessive owner named elsewhere stays apart",
    "Microsoft's Threat Intelligence Center said so. Microsoft agreed.",
    { { "Microsoft", 0, O }, { "Threat Intelligence Center", 0, O }, { "Microsoft", 1, O } },
    { "Microsoft", "Threat Intelligence Center", "Microsoft" }, O },
  { "a possessive between different types stays apart",
    "Albania's Edi Rama spoke.",
    { { "Albania", 0, L }, { "Edi Rama", 0, P } },
    { "Albania", "Edi Rama" }, L },
  { "hyphen particle kept by the first piece",
    "The Mujahedin-e Khalq moved.",
    { { "Mujahedin-e", 0, L }, { "Khalq", 0, O } },
    { "Mujahedin-e Khalq" }, L },
  { "hyphen particle between the pieces",
    "The Mujahideen-e-Khalq moved.",
    { { "Mujahideen", 0, O }, { "Khalq", 0, O } },
    { "Mujahideen-e-Khalq" }, O },
  { "an organization's head word, 'of' and a place",
    "The People's Mojahedin Organization of Iran or PMOI left.",
    { { "People's Mojahedin Organization", 0, O }, { "Iran", 0, L }, { "PMOI", 0, O } },
    { "People's Mojahedin Organization of Iran", "PMOI" }, O },
  { "a person 'of' a place stays apart",
    "Edi Rama of Albania spoke.",
    { { "Edi Rama", 0, P }, { "Albania", 0, L } },
    { "Edi Rama", "Albania" }, P },
  { "pieces with words between stay apart",
    "Mujahedin and the Khalq left.",
    { { "Mujahedin", 0, O }, { "Khalq", 0, O } },
    { "Mujahedin", "Khalq" }, O },
};

static void
test_linker_repair (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (repair_cases); c++)
    {
      const RepairCase *k = &repair_cases[c];
      g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (DossierSpan));
      guint n = 0;

      g_array_set_clear_func (spans, (GDestroyNotify) dossier_span_clear);
      for (guint i = 0; i < 4 && k->spans[i].surface != NULL; i++)
        {
          DossierSpan span = { 0 };

          spec_to_span (k->text, k->spans[i].surface, k->spans[i].nth, &span.start, &span.end);
          span.type = k->spans[i].type;
          g_array_append_val (spans, span);
        }
      dossier_linker_repair_spans (spans, k->text);
      while (n < 4 && k->joined[n] != NULL)
        n++;
      if (spans->len != n)
        g_error ("%s: %u spans after repair, want %u", k->what, spans->len, n);
      for (guint i = 0; i < n; i++)
        {
          DossierSpan *s = &g_array_index (spans, DossierSpan, i);
          g_autofree char *got = g_utf8_substring (k->text, s->start, s->end);

          if (strcmp (got, k->joined[i]) != 0)
            g_error ("%s: span %u is “%s”, want “%s”", k->what, i, got, k->joined[i]);
        }
      g_assert_cmpint (g_array_index (spans, DossierSpan, 0).type, ==, k->first_type);
    }
}

static const struct { const char *acr; const char *name; gboolean match; } initials[] = {
  { "pmoi", "peoples mojahedin organization of iran", TRUE },
  { "mek", "mujahedin e khalq", TRUE },
  { "mk", "mujahedin e khalq", TRUE },
  { "eu", "european union", TRUE },
  { "aqap", "al qaeda in the arabian peninsula", TRUE },
  /* must not match */
  { "mek", "mojahedin khalq organization", FALSE },
  { "eu", "european", FALSE },
  { "pmo", "peoples mojahedin organization of iran", FALSE },
  { "nato", "north atlantic council", FALSE },
};

static void
test_linker_initials (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (initials); i++)
    if (dossier_linker_initials_match (initials[i].acr, initials[i].name) != initials[i].match)
      g_error ("“%s” / “%s”: initials match should be %d", initials[i].acr, initials[i].name, initials[i].match);
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

static const Doc library_names[] = {
  { "MEK supporters rallied in Paris.", { { "MEK", 0, O }, { "Paris", 0, L } } },
  { "The People's Mojahedin Organization of Iran (MEK) denies it.",
    { { "People's Mojahedin Organization of Iran", 0, O }, { "MEK", 0, O } } },
  { "The Mojahedin-e Khalq held a rally.", { { "Mojahedin-e Khalq", 0, O } } },
  { "The Mujahedin-e Khalq held a rally.", { { "Mujahedin-e Khalq", 0, O } } },
  { "The Mujahideen-e-Khalq held a rally.", { { "Mujahideen-e-Khalq", 0, O } } },
  { "The NCRI met in Paris.", { { "NCRI", 0, O }, { "Paris", 0, L } } },
  { "The National Council of Resistance of Iran (NCRI) met.",
    { { "National Council of Resistance of Iran", 0, O }, { "NCRI", 0, O } } },
};

/* The entity's name becomes the best full form met, never over a user's. */
static void
test_linker_library_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (":memory:", &error);
  gint64 ids[G_N_ELEMENTS (library_names)];
  gint64 mek, ncri;
  g_autoptr(DossierEntity) entity = NULL;

  g_assert_no_error (error);
  ids[0] = store_doc (store, &library_names[0], 0);
  mek = entity_of (store, ids[0], library_names[0].text, "MEK");
  entity = dossier_store_get_entity (store, mek, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entity->name, ==, "MEK");
  g_clear_pointer (&entity, dossier_entity_free);

  ids[1] = store_doc (store, &library_names[1], 1);
  g_assert_cmpint (entity_of (store, ids[1], library_names[1].text, "People's Mojahedin Organization of Iran"), ==, mek);
  entity = dossier_store_get_entity (store, mek, &error);
  g_assert_cmpstr (entity->name, ==, "People's Mojahedin Organization of Iran");
  g_clear_pointer (&entity, dossier_entity_free);

  /* Transliterations meet through the consonant key. */
  for (guint i = 2; i < 5; i++)
    ids[i] = store_doc (store, &library_names[i], i);
  g_assert_cmpint (entity_of (store, ids[2], library_names[2].text, "Mojahedin-e Khalq"), ==,
                   entity_of (store, ids[3], library_names[3].text, "Mujahedin-e Khalq"));
  g_assert_cmpint (entity_of (store, ids[3], library_names[3].text, "Mujahedin-e Khalq"), ==,
                   entity_of (store, ids[4], library_names[4].text, "Mujahideen-e-Khalq"));

  /* A user's name stays. */
  ids[5] = store_doc (store, &library_names[5], 5);
  ncri = entity_of (store, ids[5], library_names[5].text, "NCRI");
  g_assert_true (dossier_store_rename_entity (store, ncri, "Resistance Council", &error));
  g_assert_no_error (error);
  ids[6] = store_doc (store, &library_names[6], 6);
  g_assert_cmpint (entity_of (store, ids[6], library_names[6].text, "NCRI"), ==, ncri);
  entity = dossier_store_get_entity (store, ncri, &error);
  g_assert_cmpstr (entity->name, ==, "Resistance Council");
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
  g_test_add_func ("/linker/repair", test_linker_repair);
  g_test_add_func ("/linker/initials", test_linker_initials);
  g_test_add_func ("/linker/library-names", test_linker_library_names);
  return g_test_run ();
}
