/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: UTF-8 offsets, word counts, content uids and sanitising. */
#include "config.h"

#include <string.h>

#include "dossier-text.h"

static void
test_offsets (void)
{
  /* "é" is 2 bytes, "€" 3, "😀" 4: offsets must count characters, not bytes. */
  const char *text = "aé€😀b";

  g_assert_cmpuint (dossier_text_length (text), ==, 5);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 0), ==, 0);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 1), ==, 1);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 2), ==, 3);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 3), ==, 6);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 4), ==, 10);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 5), ==, 11);
  g_assert_cmpuint (dossier_text_offset_to_byte (text, 99), ==, 11);

  for (guint i = 0; i <= 5; i++)
    g_assert_cmpuint (dossier_text_byte_to_offset (text, dossier_text_offset_to_byte (text, i)), ==, i);
  g_assert_cmpuint (dossier_text_byte_to_offset (text, 500), ==, 5);
}

static void
test_substring (void)
{
  const char *text = "Durrës, Shqipëri — 15 July";
  g_autofree char *a = dossier_text_substring (text, 0, 6);
  g_autofree char *b = dossier_text_substring (text, 8, 16);
  g_autofree char *c = dossier_text_substring (text, 19, 100);
  g_autofree char *d = dossier_text_substring (text, 5, 2);

  g_assert_cmpstr (a, ==, "Durrës");
  g_assert_cmpstr (b, ==, "Shqipëri");
  g_assert_cmpstr (c, ==, "15 July");
  g_assert_cmpstr (d, ==, "");
}

static void
test_word_count (void)
{
  static const struct { const char *text; guint words; } cases[] = {
    { "", 0 },
    { "   ", 0 },
    { "one", 1 },
    { "Edi Rama met O’Brien.", 4 },
    { "a well-known don't - trick", 4 },
    { "2022 cyberattack, on 15 July!", 5 },
    { "Tiranë\nDurrës\tShkodër", 3 },
    { "日本 語", 2 },
    { "end-", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (dossier_text_word_count (cases[i].text), ==, cases[i].words);
    }
}

static void
test_content_uid (void)
{
  g_autofree char *a = dossier_text_content_uid ("hello");
  g_autofree char *b = dossier_text_content_uid ("hello ");

  g_assert_cmpstr (a, ==, "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  g_assert_cmpstr (a, !=, b);
}

static void
test_sanitize (void)
{
  static const struct { const char *in; gssize len; const char *out; guint removed; } cases[] = {
    { "plain text", -1, "plain text", 0 },
    { "\xEF\xBB\xBF" "bom", -1, "bom", 0 },
    { "a\r\nb\rc\n", -1, "a\nb\nc\n", 0 },
    { "tab\tbell\x07 esc\x1b[0m", -1, "tab\tbell esc[0m", 2 },
    /* RLO would show "txt.exe" as "exe.txt": both overrides go */
    { "file\xE2\x80\xAEtxt.exe\xE2\x80\xAC", -1, "filetxt.exe", 2 },
    { "iso\xE2\x81\xA6late\xE2\x81\xA9", -1, "isolate", 2 },
    { "C1\xC2\x85 next", -1, "C1 next", 1 },
    { "bad\xFF byte", -1, "bad\xEF\xBF\xBD byte", 1 },
    { "nul\0inside", 10, "nul\xEF\xBF\xBDinside", 1 },
    { "keeps mark\xE2\x80\x8F", -1, "keeps mark\xE2\x80\x8F", 0 },
    { "no \xEE\x80\x80hit\xEE\x80\x81 markers", -1, "no hit markers", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint removed = 99;
      g_autofree char *out = dossier_text_sanitize (cases[i].in, cases[i].len, &removed);

      g_test_message ("case %u", i);
      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
      g_assert_cmpuint (removed, ==, cases[i].removed);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/offsets", test_offsets);
  g_test_add_func ("/text/substring", test_substring);
  g_test_add_func ("/text/word-count", test_word_count);
  g_test_add_func ("/text/content-uid", test_content_uid);
  g_test_add_func ("/text/sanitize", test_sanitize);

  return g_test_run ();
}
