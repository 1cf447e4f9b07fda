// A button that shows a short word ("Usuń") and is named by a sentence ("Usuń rozmowę z 10:42")
// must have a name that starts with that word, as a whole word, in every language (WCAG 2.5.3:
// a speech user says what they see), and the sentence must say which row it is.
import { describe, expect, it } from 'vitest';
import { dataQualityShowActions, eventRowActions, siteRowActions, type NamedAction } from '../../renderer/src/components/action-names.ts';
import { formatTime } from '../../renderer/src/format.ts';
import { loadLocale, localeCodes } from '../../scripts/i18n.ts';

interface Group {
  what: string;
  actions: NamedAction[];
  /** The placeholders every name in the group must carry, with a value to fill each in. */
  values(language: string): Record<string, string>;
}

const groups: Group[] = [
  {
    what: 'event rows',
    actions: Object.values(eventRowActions).flatMap((byAction) => Object.values(byAction)),
    values: (language) => ({ time: formatTime('2026-12-07T10:42:00Z', language) }),
  },
  { what: 'site rows', actions: Object.values(siteRowActions), values: () => ({ name: 'Deptford Market' }) },
  { what: 'data checks', actions: Object.values(dataQualityShowActions), values: () => ({}) },
];

const interpolate = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);

/** What is wrong with one language's names, one line each; empty when every name is right. */
function labelInNameProblems(strings: Map<string, string>, language: string): string[] {
  const problems: string[] = [];
  for (const group of groups) {
    const values = group.values(language);
    for (const { label, name } of group.actions) {
      const shown = strings.get(label);
      const sentence = strings.get(name);
      if (!shown || !sentence) {
        problems.push(`${!shown ? label : name} is missing`);
        continue;
      }
      for (const placeholder of Object.keys(values)) {
        if (!sentence.includes(`{{${placeholder}}}`)) problems.push(`${name} does not say {{${placeholder}}}: "${sentence}"`);
      }
      const filled = interpolate(sentence, values);
      // The word shown, then a space or punctuation: "Usuń rozmowę", never "Usuńcie" or "Rozmowę … usuń".
      const startsWithWord = filled.startsWith(shown) && /^[\s\p{P}]\s*\S/u.test(filled.slice(shown.length));
      if (!startsWithWord) problems.push(`${name} does not start with the word shown, "${shown}": "${filled}"`);
    }
  }
  return problems;
}

describe('accessible names of buttons that show a short word', () => {
  it.each(localeCodes())('%s: each name starts with the word shown and says which one', (code) => {
    expect(labelInNameProblems(loadLocale(code), code)).toEqual([]);
  });

  it('every event row names its row by the time, for each action and kind', () => {
    const strings = loadLocale('en-GB');
    const time = formatTime('2026-12-07T10:42:00Z', 'en-GB');
    expect(interpolate(strings.get(eventRowActions.conversation.delete.name)!, { time })).toBe('Delete conversation at 10:42');
    expect(interpolate(strings.get(eventRowActions.visit.change.name)!, { time })).toBe('Correct the numbers of visitors at 10:42');
  });

  it('catches a name that puts the word shown later, glues it into a longer word, or drops the time', () => {
    const strings = new Map(loadLocale('pl'));
    strings.set(eventRowActions.conversation.delete.name, 'Rozmowę z {{time}} usuń');
    strings.set(eventRowActions.conversation.restore.name, 'Przywróćcie rozmowę z {{time}}');
    strings.set(eventRowActions.visit.history.name, 'Historia wpisu odwiedzających');
    strings.set(siteRowActions.edit.name, 'Edytuj');
    expect(labelInNameProblems(strings, 'pl')).toEqual([
      expect.stringContaining(`${eventRowActions.conversation.delete.name} does not start with the word shown, "Usuń"`),
      expect.stringContaining(`${eventRowActions.conversation.restore.name} does not start with the word shown, "Przywróć"`),
      expect.stringContaining(`${eventRowActions.visit.history.name} does not say {{time}}`),
      expect.stringContaining(`${siteRowActions.edit.name} does not say {{name}}`),
      expect.stringContaining(`${siteRowActions.edit.name} does not start with the word shown, "Edytuj"`),
    ]);
  });
});
