-- Reserved for the pain map's migration (another branch), so 0022 runs here without a gap.
-- On merge: delete this file and keep the pain map's 0021. Changes nothing.
SELECT 1;
