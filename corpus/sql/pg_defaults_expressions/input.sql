CREATE TABLE tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    meta jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags text[] DEFAULT ARRAY[]::text[],
    expires_at timestamptz DEFAULT now() + interval '1 day'
);
