/**
 * The anti-bot check: the ALTCHA widget solves this server's proof-of-work challenge in the
 * browser (a moment of computation, no puzzle, nothing sent to a third party) and hands back the
 * payload the submission carries. A new challenge after each submission attempt (one solution buys
 * one submission): the parent remounts it with a new key.
 */
import { useEffect, useRef } from 'react';
import type {} from 'altcha/types/react';
import { CHALLENGE_URL } from './online-api';

export function AltchaField({ onPayload }: { onPayload(payload: string | null): void }) {
  const widget = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = widget.current;
    if (!element) return;
    const verified = (event: Event) => onPayload((event as CustomEvent<{ payload: string }>).detail.payload);
    const changed = (event: Event) => {
      const state = (event as CustomEvent<{ state: string }>).detail.state;
      if (state !== 'verified') onPayload(null);
    };
    element.addEventListener('verified', verified);
    element.addEventListener('statechange', changed);
    return () => {
      element.removeEventListener('verified', verified);
      element.removeEventListener('statechange', changed);
    };
  }, [onPayload]);
  return (
    <div className="ol-altcha" data-testid="altcha">
      <altcha-widget ref={widget} challenge={CHALLENGE_URL} language="zh-cn" name="altcha" />
    </div>
  );
}
