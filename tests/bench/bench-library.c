/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-library.c: builds a large synthetic library of news-like documents in
 * a temporary file and prints how fast the store imports, lists and searches
 * it. Prints figures; never fails on time.
 *
 *   build/tests/bench/bench-library [--documents N] [--batch N] [--keep PATH]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier-store.h"

/* The most frequent words, in rough order of frequency, as in English news. */
static const char *common_words[] = {
  "the", "of", "and", "to", "a", "in", "that", "is", "for", "on", "was", "with", "said", "he", "as",
  "it", "by", "at", "from", "his", "an", "were", "are", "which", "this", "be", "has", "have", "had",
  "not", "but", "they", "its", "after", "who", "been", "their", "also", "will", "more", "one", "two",
  "government", "minister", "year", "people", "new", "would", "police", "president", "country",
  "first", "last", "state", "officials", "security", "attack", "week", "told", "members", "report",
  "foreign", "national", "military", "against", "parliament", "city", "court", "party", "election",
  "agency", "statement", "according", "during", "over", "about", "since", "could", "between", "before",
  "under", "three", "million", "percent", "ministry", "services", "public", "support", "group",
  "prime", "union", "european", "talks", "leaders", "border", "camp", "servers", "systems", "data",
  "hackers", "cyber", "embassy", "diplomats", "relations", "sanctions", "investigation", "evidence",
  "ministers", "opposition", "protest", "economy", "energy", "prices", "market", "bank", "company",
  "workers", "region", "capital", "coast", "island", "river", "summer", "winter", "morning", "night",
  "local", "international", "regional", "several", "many", "most", "some", "other", "another", "many",
};

static const char *names[] = {
  "Rama", "Tirana", "Durrës", "Albania", "Iran", "Tehran", "Berisha", "Meta", "Begaj", "Shkodër",
  "Vlorë", "Kosovo", "Serbia", "Greece", "Italy", "Brussels", "Washington", "Microsoft", "NATO",
  "Mandiant", "Ashraf", "Manëz", "Balluku", "Xhaçka", "Raisi", "Khamenei", "Kanani", "Mojahedin",
};

static const char *sources[] = {
  "Balkan Wire", "Tirana Times", "Adriatic Post", "The Daily Ledger", "Euro Observer", "Gulf Review",
  "Morning Herald", "Radio Free Coast", "Capital Journal", "Northern Gazette", "Reuters-like Service",
  "Harbour News", "Mountain Echo", "The Evening Standard-Bearer", "Policy Weekly",
};

static const char *syllables[] = {
  "ka", "lo", "mir", "ten", "sha", "ru", "vel", "dor", "an", "is", "pre", "tor", "gra", "nel", "fi",
  "zu", "bor", "el", "qu", "ma", "ri", "sto", "pen", "dal", "ve", "gon", "ly", "tra", "mo", "hen",
};

#define N_SYNTHETIC 40000

typedef struct {
  GPtrArray *vocabulary;   /* char *, by rank */
  double    *cumulative;   /* Zipf weights */
  guint      size;
  GRand     *rand;
} Generator;

static void
generator_init (Generator *gen)
{
  double total = 0;

  gen->rand = g_rand_new_with_seed (20220715);
  gen->vocabulary = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    g_ptr_array_add (gen->vocabulary, g_strdup (common_words[i]));
  for (guint i = 0; i < N_SYNTHETIC; i++)
    {
      GString *word = g_string_new (NULL);
      guint n = 2 + (i % 3);
      guint x = i * 2654435761u;

      for (guint j = 0; j < n; j++)
        {
          g_string_append (word, syllables[x % G_N_ELEMENTS (syllables)]);
          x /= G_N_ELEMENTS (syllables);
          x += i + j * 7;
        }
      g_string_append_printf (word, "%c", 'a' + (i % 26));
      g_ptr_array_add (gen->vocabulary, g_string_free (word, FALSE));
    }
  gen->size = gen->vocabulary->len;
  gen->cumulative = g_new (double, gen->size);
  for (guint i = 0; i < gen->size; i++)
    {
      total += 1.0 / pow (i + 1, 1.05);
      gen->cumulative[i] = total;
    }
  for (guint i = 0; i < gen->size; i++)
    gen->cumulative[i] /= total;
}

static const char *
generator_word (Generator *gen)
{
  double r = g_rand_double (gen->rand);
  guint lo = 0;
  guint hi = gen->size - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (gen->cumulative[mid] < r)
        lo = mid + 1;
      else
        hi = mid;
    }
  return g_ptr_array_index (gen->vocabulary, lo);
}

static char *
generator_text (Generator *gen,
                guint      n_words)
{
  GString *text = g_string_sized_new (n_words * 7);
  guint sentence = 0;

  for (guint i = 0; i < n_words; i++)
    {
      const char *word;
      double r = g_rand_double (gen->rand);

      if (r < 0.03)
        word = names[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (names))];
      else if (r < 0.035)
        word = "prime minister";
      else if (r < 0.038)
        word = "European Union";
      else if (r < 0.040)
        word = "cyber attack";
      else
        word = generator_word (gen);

      if (sentence == 0)
        {
          g_string_append_unichar (text, g_unichar_toupper (g_utf8_get_char (word)));
          g_string_append (text, g_utf8_next_char (word));
        }
      else
        g_string_append (text, word);
      sentence++;
      if (sentence > 8 && g_rand_int_range (gen->rand, 0, 12) == 0)
        {
          g_string_append (text, g_rand_int_range (gen->rand, 0, 6) == 0 ? ".\n\n" : ". ");
          sentence = 0;
        }
      else
        g_string_append_c (text, ' ');
    }
  g_string_truncate (text, text->len - 1);
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

/* What an analysis would hand to the store: every name of names[] found in
 * the text, with character offsets, linked by its lower-cased form. */
static GArray *
find_mentions (const char *text,
               GPtrArray  *keys)
{
  GArray *mentions = g_array_new (FALSE, TRUE, sizeof (DossierMentionInput));

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      gsize length = strlen (names[n]);

      for (const char *hit = strstr (text, names[n]); hit != NULL; hit = strstr (hit + length, names[n]))
        {
          DossierMentionInput input = { 0 };

          input.start = g_utf8_pointer_to_offset (text, hit);
          input.end = input.start + g_utf8_strlen (names[n], -1);
          input.type = n % 3 == 0 ? DOSSIER_ENTITY_PERSON : n % 3 == 1 ? DOSSIER_ENTITY_PLACE
                                                                       : DOSSIER_ENTITY_ORGANIZATION;
          input.name = names[n];
          input.key = g_ptr_array_index (keys, n);
          g_array_append_val (mentions, input);
        }
    }
  return mentions;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The machine is shared: CPU time says what the store costs when wall time
 * includes waiting for other processes. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
remove_library (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

int
main (int argc, char *argv[])
{
  static int n_documents = 100000;
  static char *keep = NULL;
  static int batch = 1;
  static gboolean analyse = FALSE;
  static const GOptionEntry entries[] = {
    { "documents", 'n', 0, G_OPTION_ARG_INT, &n_documents, "Number of documents (100000)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, "Documents per transaction (1, as a single-file import)", "N" },
    { "analyse", 'a', 0, G_OPTION_ARG_NONE, &analyse, "Store mentions of names for every document (an analysis pass) and time entity queries", NULL },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Build the library at PATH and keep it (reused when it exists)", "PATH" },
    { NULL }
  };
  static const char *queries[] = {
    /* common words */
    "the", "said", "government", "security",
    /* rare and very rare words */
    NULL, NULL, NULL, NULL,
    /* names */
    "Rama", "Durres",
    /* two words */
    "government minister", "police attack", "Tirana hackers", NULL,
    /* phrases */
    "\"prime minister\"", "\"european union\"", "\"the government\"",
    /* prefixes of 2 and 3 letters */
    "go*", "pr*", "min*", "ka*", "sec*",
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the library store");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GArray) search_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  Generator gen = { 0 };
  GStatBuf buf;
  double start;
  double elapsed;
  gboolean reuse;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  generator_init (&gen);
  queries[4] = g_ptr_array_index (gen.vocabulary, 2000);
  queries[5] = g_ptr_array_index (gen.vocabulary, 9000);
  queries[6] = g_ptr_array_index (gen.vocabulary, 25000);
  queries[7] = g_ptr_array_index (gen.vocabulary, 39000);
  queries[13] = g_strdup_printf ("%s %s", (char *) g_ptr_array_index (gen.vocabulary, 500), "minister");

  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("dossier-bench-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "library.db", NULL);
    }
  reuse = keep != NULL && g_file_test (path, G_FILE_TEST_EXISTS);

  store = dossier_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("library: %s\n", path);
  if (!reuse)
    {
      double generate_ms = 0;
      double generate_cpu_ms = 0;
      double start_cpu;

      /* By default one transaction per document, as an import of single
       * files does; --batch groups them as an import of a folder could. */
      start = now_ms ();
      start_cpu = cpu_ms ();
      for (int i = 0; i < n_documents; i++)
        {
          DossierDocument doc = { 0 };
          g_autofree char *title = NULL;
          g_autofree char *text = NULL;
          g_autofree char *uid = NULL;
          double t0 = now_ms ();
          double c0 = cpu_ms ();
          guint n_words = 250 + g_rand_int_range (gen.rand, 0, 300);

          title = generator_text (&gen, 6 + g_rand_int_range (gen.rand, 0, 6));
          text = generator_text (&gen, n_words);
          uid = g_strdup_printf ("https://news.example/%d", i);
          generate_ms += now_ms () - t0;
          generate_cpu_ms += cpu_ms () - c0;

          doc.uid = uid;
          doc.title = title;
          doc.text = text;
          doc.source = (char *) sources[i % G_N_ELEMENTS (sources)];
          doc.url = uid;
          /* 2015–2024, one in twenty undated */
          doc.published = g_rand_int_range (gen.rand, 0, 20) == 0
                            ? 0 : 1420070400 + g_rand_int_range (gen.rand, 0, 315360000);
          if (batch > 1 && i % batch == 0 && !dossier_store_begin (store, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          if (!dossier_store_add_document (store, &doc, FALSE, NULL, NULL, &error) ||
              (batch > 1 && (i % batch == batch - 1 || i == n_documents - 1) &&
               !dossier_store_commit (store, &error)))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          if ((i + 1) % 10000 == 0)
            g_printerr ("  %d documents, %.0f docs/s\n", i + 1,
                        (i + 1) / ((now_ms () - start - generate_ms) / 1000.0));
        }
      elapsed = now_ms () - start - generate_ms;
      g_print ("import (%d per transaction): %d documents in %.1f s (text generation excluded): %.0f docs/s"
               " (CPU %.1f s: %.0f docs/s of CPU)\n",
               MAX (batch, 1), n_documents, elapsed / 1000.0, n_documents / (elapsed / 1000.0),
               (cpu_ms () - start_cpu - generate_cpu_ms) / 1000.0,
               n_documents / ((cpu_ms () - start_cpu - generate_cpu_ms) / 1000.0));
    }
  n_documents = dossier_store_count_documents (store);

  if (analyse)
    {
      g_autoptr(GArray) todo = dossier_store_list_unanalyzed (store, 1, &error);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      double start_cpu = cpu_ms ();
      guint64 n_mentions = 0;

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        g_ptr_array_add (keys, g_utf8_casefold (names[n], -1));

      start = now_ms ();
      for (guint i = 0; i < todo->len; i++)
        {
          gint64 id = g_array_index (todo, gint64, i);
          g_autoptr(DossierDocument) doc = dossier_store_get_document (store, id, &error);
          g_autoptr(GArray) mentions = find_mentions (doc->text, keys);

          n_mentions += mentions->len;
          if (!dossier_store_set_auto_mentions (store, id, (DossierMentionInput *) mentions->data,
                                                mentions->len, &error) ||
              !dossier_store_mark_analyzed (store, id, 1, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
        }
      elapsed = now_ms () - start;
      if (todo->len > 0)
        g_print ("analysis pass (read, find names, store mentions): %u documents, %" G_GUINT64_FORMAT
                 " mentions in %.1f s: %.0f docs/s (CPU %.1f s)\n",
                 todo->len, n_mentions, elapsed / 1000.0, todo->len / (elapsed / 1000.0),
                 (cpu_ms () - start_cpu) / 1000.0);
    }

  /* Reopen: start-up cost as the window pays it. */
  g_clear_object (&store);
  start = now_ms ();
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_print ("open (with integrity probe): %.1f ms\n", now_ms () - start);

  for (DossierSort sort = DOSSIER_SORT_PUBLISHED; sort <= DOSSIER_SORT_ADDED; sort++)
    {
      static const char *sort_names[] = { "published", "title", "added" };
      DossierQuery query = { .sort = sort };
      double first = 0;

      for (guint run = 0; run < 3; run++)
        {
          g_autoptr(GArray) ids = NULL;

          start = now_ms ();
          ids = dossier_store_query_ids (store, &query, &error);
          g_assert_no_error (error);
          elapsed = now_ms () - start;
          if (run == 0)
            first = elapsed;
          g_assert_cmpuint (ids->len, ==, n_documents);
        }
      g_print ("query_ids sort=%-9s %d ids: first %.1f ms, then %.1f ms\n",
               sort_names[sort], n_documents, first, elapsed);
    }

  {
    g_autoptr(GArray) ids = dossier_store_query_ids (store, NULL, &error);
    g_autoptr(GPtrArray) rows = NULL;

    start = now_ms ();
    rows = dossier_store_get_documents (store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
    g_print ("get_documents, 50 rows: %.2f ms\n", now_ms () - start);
  }

  if (analyse)
    {
      g_autoptr(GPtrArray) entities = NULL;
      g_autoptr(GPtrArray) in_doc = NULL;
      g_autoptr(GPtrArray) mentions = NULL;
      g_autoptr(GPtrArray) related = NULL;
      g_autoptr(GArray) filtered = NULL;
      DossierEntity *top;
      DossierQuery query = { 0 };

      start = now_ms ();
      entities = dossier_store_list_entities (store, 0, FALSE, &error);
      g_assert_no_error (error);
      g_print ("list_entities, whole library: %u entities in %.1f ms\n", entities->len, now_ms () - start);
      top = g_ptr_array_index (entities, 0);

      start = now_ms ();
      in_doc = dossier_store_list_entities (store, n_documents / 2, FALSE, &error);
      g_print ("list_entities, one document: %.2f ms\n", now_ms () - start);

      start = now_ms ();
      mentions = dossier_store_list_entity_mentions (store, top->id, &error);
      g_print ("list_entity_mentions (%s): %u mentions in %.1f ms\n", top->name, mentions->len, now_ms () - start);

      start = now_ms ();
      related = dossier_store_list_cooccurring (store, top->id, 20, &error);
      g_print ("list_cooccurring (%s, 20): %.1f ms\n", top->name, now_ms () - start);

      query.entity_id = top->id;
      start = now_ms ();
      filtered = dossier_store_query_ids (store, &query, &error);
      g_print ("query_ids filtered by entity (%s): %u ids in %.1f ms\n", top->name, filtered->len, now_ms () - start);
    }

  g_print ("\nmedian of 3 runs, wall and CPU time:\n");
  g_print ("%-28s %9s %12s %10s %14s %10s\n", "query", "matches", "search p1", "(CPU)", "query_ids+p1", "(CPU)");
  /* Each query three times, the median kept: the machine is shared, and one
   * slow run says more about the neighbours than about the store. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      double runs[4][3];
      double median[4];
      guint n_matches = 0;

      for (guint run = 0; run < 3; run++)
        {
          g_autoptr(GPtrArray) hits = NULL;
          g_autoptr(GArray) ids = NULL;
          g_autoptr(GPtrArray) rows = NULL;
          DossierQuery query = { .search = queries[i] };
          double start_cpu;

          start = now_ms ();
          start_cpu = cpu_ms ();
          hits = dossier_store_search (store, queries[i], 0, 20, &error);
          g_assert_no_error (error);
          runs[0][run] = now_ms () - start;
          runs[1][run] = cpu_ms () - start_cpu;

          /* The window's list: every matching id, ranked, then the first screenful. */
          start = now_ms ();
          start_cpu = cpu_ms ();
          ids = dossier_store_query_ids (store, &query, &error);
          g_assert_no_error (error);
          rows = dossier_store_get_documents (store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
          runs[2][run] = now_ms () - start;
          runs[3][run] = cpu_ms () - start_cpu;
          n_matches = ids->len;
        }
      for (guint k = 0; k < 4; k++)
        {
          qsort (runs[k], 3, sizeof (double), (GCompareFunc) compare_double);
          median[k] = runs[k][1];
        }

      g_array_append_val (search_times, median[0]);
      g_array_append_val (search_cpu_times, median[1]);
      g_array_append_val (list_times, median[2]);
      g_array_append_val (list_cpu_times, median[3]);
      g_print ("%-28s %9u %9.1f ms %7.1f ms %11.1f ms %7.1f ms\n",
               queries[i], n_matches, median[0], median[1], median[2], median[3]);
    }
  g_array_sort (search_times, compare_double);
  g_array_sort (search_cpu_times, compare_double);
  g_array_sort (list_times, compare_double);
  g_array_sort (list_cpu_times, compare_double);
#define MEDIAN(a) g_array_index (a, double, a->len / 2)
#define WORST(a) g_array_index (a, double, a->len - 1)
  g_print ("search first page, %u queries: median %.1f ms (CPU %.1f), worst %.1f ms (CPU %.1f)\n",
           search_times->len, MEDIAN (search_times), MEDIAN (search_cpu_times),
           WORST (search_times), WORST (search_cpu_times));
  g_print ("query_ids + first page, %u queries: median %.1f ms (CPU %.1f), worst %.1f ms (CPU %.1f)\n",
           list_times->len, MEDIAN (list_times), MEDIAN (list_cpu_times),
           WORST (list_times), WORST (list_cpu_times));
  {
    double load[3] = { 0 };

    if (getloadavg (load, 3) > 0)
      g_print ("load average while measuring: %.2f (machine has %u cores)\n", load[0], g_get_num_processors ());
  }

  g_clear_object (&store);
  if (g_stat (path, &buf) == 0)
    g_print ("file size: %.1f MB (%.1f KB per document)\n",
             buf.st_size / 1e6, buf.st_size / 1e3 / MAX (n_documents, 1));

  if (keep == NULL)
    {
      remove_library (path);
      g_rmdir (dir);
    }
  return 0;
}
