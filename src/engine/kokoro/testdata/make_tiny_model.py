"""Write tiny.onnx: a stand-in for Kokoro with the real model's inputs and output, for
unit tests that need no 92 MB download (`python3 make_tiny_model.py`, needs `onnx`).

audio = concat(float(tokens) * speed, style)  — so a test can read back the token ids
(with their padding), the speed and the style row the engine passed.
"""
import onnx
from onnx import TensorProto, helper

graph = helper.make_graph(
    [
        helper.make_node("Cast", ["tokens"], ["t"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["t", "speed"], ["scaled"]),
        helper.make_node("Concat", ["scaled", "style"], ["joined"], axis=1),
        helper.make_node("Reshape", ["joined", "flat"], ["audio"]),
    ],
    "tiny_kokoro",
    [
        helper.make_tensor_value_info("tokens", TensorProto.INT64, [1, "n"]),
        helper.make_tensor_value_info("style", TensorProto.FLOAT, [1, 256]),
        helper.make_tensor_value_info("speed", TensorProto.FLOAT, [1]),
    ],
    [helper.make_tensor_value_info("audio", TensorProto.FLOAT, ["audio_length"])],
    [helper.make_tensor("flat", TensorProto.INT64, [1], [-1])],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, __file__.replace("make_tiny_model.py", "tiny.onnx"))
