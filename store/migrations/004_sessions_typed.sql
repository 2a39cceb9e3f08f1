-- Sessions become typed: the stack of interrupted positions gets a column
-- of its own, and a flow's draft keeps its control state in typed fields
-- instead of string keys mixed with the answers. Sessions saved by the
-- previous release continue at the same question.

ALTER TABLE sessions ADD COLUMN return_to TEXT NOT NULL DEFAULT '[]';

-- An interruption (language, erase) was remembered as _ret_flow/_ret_step.
UPDATE sessions SET return_to = json_array(json_object(
        'flow', COALESCE(json_extract(data, '$._ret_flow'), ''),
        'step', COALESCE(json_extract(data, '$._ret_step'), '')))
    WHERE json_type(data, '$._ret_flow') IS NOT NULL;
UPDATE sessions SET data = json_remove(data, '$._ret_flow', '$._ret_step');

-- A registration draft: the form's place ("editing", "edit_queue" as a
-- comma-separated list) beside the answers; flags were "1".
UPDATE sessions SET data = json_object(
        'data', json_patch(
            json_remove(data, '$.editing', '$.edit_queue', '$.phone_manual', '$.city_hint'),
            json_object(
                'phone_manual', json(CASE WHEN COALESCE(json_extract(data, '$.phone_manual'), '') <> '' THEN 'true' ELSE 'false' END),
                'city_hint', json(CASE WHEN COALESCE(json_extract(data, '$.city_hint'), '') <> '' THEN 'true' ELSE 'false' END))),
        'editing', COALESCE(json_extract(data, '$.editing'), ''),
        'queue', json(CASE WHEN COALESCE(json_extract(data, '$.edit_queue'), '') = '' THEN '[]'
            ELSE '["' || replace(json_extract(data, '$.edit_queue'), ',', '","') || '"]' END))
    WHERE data <> '{}' AND (flow = 'register' OR json_extract(return_to, '$[0].flow') = 'register');

-- Any other flow kept no draft.
UPDATE sessions SET data = '{}'
    WHERE flow <> 'register' AND COALESCE(json_extract(return_to, '$[0].flow'), '') <> 'register';
